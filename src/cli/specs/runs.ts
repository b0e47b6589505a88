import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG } from './common.js';

export const runsSpec = {
  summary: 'list sync runs, or export a run for replay',
  help: `pareto runs — list sync runs, or export their raw responses for replay

  pareto runs [--source ID] [--limit N] [--json]
  pareto runs export RUN_ID [RUN_ID …] --out DIR [--json]
      writes DIR/<source>.json for each run; replay with \`pareto sync --from DIR\`
  --db FILE          database file (default $PARETO_DB or data/pareto.db)
`,
  flags: { source: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, ...DB_FLAG, ...JSON_FLAG },
  // `export` takes any number of run ids.
  positionals: Infinity,
  words: ['export'],
} as const satisfies CommandSpec;
