import { diffShortlists } from '../../artifact/diff.js';
import { renderDiffMarkdown } from '../../artifact/diff-render-markdown.js';
import { renderDiffText } from '../../artifact/diff-render-text.js';
import { ParetoError } from '../../errors.js';
import { parseFlags } from '../args.js';
import { diffSpec } from '../specs/diff.js';
import { configFromFlags } from '../config-from-flags.js';
import { printJson, type Io } from '../io.js';
import { readPublished } from '../published.js';

export async function diffCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, diffSpec, 'diff');
  if (positionals.length !== 2)
    throw new ParetoError('usage', `pareto diff takes two versions, got ${positionals.length}`, {
      hint: 'e.g. `pareto diff previous latest` or `pareto diff 1 2`',
    });
  const config = configFromFlags(io, values);
  const a = readPublished(config, positionals[0]!);
  const b = readPublished(config, positionals[1]!);
  const diff = diffShortlists(a, b, {
    priceChangePct: pctFlag(values['price-pct'], '--price-pct') ?? 5,
    throughputChangePct: pctFlag(values['throughput-pct'], '--throughput-pct') ?? 20,
  });
  if (values.json) printJson(io, diff);
  else io.stdout(values.markdown ? renderDiffMarkdown(diff) : renderDiffText(diff, io.columns));
  // Different content is a difference even when every change is under the thresholds.
  return diff.equal && a.contentHash === b.contentHash ? 0 : 1;
}

function pctFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ParetoError('usage', `${flag} must be a non-negative number, got "${value}"`);
  return n;
}
