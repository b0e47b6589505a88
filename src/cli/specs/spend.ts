import type { CommandSpec } from '../spec.js';
import { JSON_FLAG } from './common.js';

export const spendSpec = {
  summary: "sum what the router's clients spent, from its request log lines",
  help: `pareto spend — what the router's clients spent, from the log of \`pareto serve\`

  pareto spend FILE [FILE …] [--by client|model|client,model] [--since T] [--until T] [--json]
      FILE: a log of \`pareto serve\`, text or JSON lines (- reads standard input)
  --by G             group by client (a router key's name), model, or both (default)
  --since T          only requests logged at or after T (a date or an ISO time, e.g. 2026-12-01);
  --until T          before T. JSON lines carry their time; text lines, which do not, are left out
  --json             the rows and the total as JSON

Reads each request line's client, model, tokens and cost (OpenRouter's usage.cost, in USD) and
adds them up, most costly first, with a total. Other lines are skipped.
`,
  flags: { by: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, ...JSON_FLAG },
  positionals: Infinity,
} as const satisfies CommandSpec;
