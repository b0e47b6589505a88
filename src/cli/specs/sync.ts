import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG } from './common.js';

/** The flags of a sync, shared by `sync` and `update`. */
export const SYNC_FLAGS = {
  source: { type: 'string' },
  sample: { type: 'boolean' },
  from: { type: 'string' },
  models: { type: 'string' },
  'dry-run': { type: 'boolean' },
  verbose: { type: 'boolean' },
  ...DB_FLAG,
  ...JSON_FLAG,
} as const;

export const syncSpec = {
  summary: 'fetch AA and OpenRouter data into the database (live, --sample or --from DIR)',
  help: `pareto sync — fetch the sources into the database

  --source ID[,ID]   only these sources (artificial-analysis, openrouter-models,
                     openrouter-endpoints, aa-leaderboard; the last is opt-in)
  --sample           replay the bundled sample in data/sample (offline)
  --from DIR         replay a recorded run (a folder written by \`pareto runs export\`)
  --models ID[,ID]   OpenRouter model ids to fetch endpoints for (default: the shortlist
                     candidates, i.e. the models curation puts in a tier from the latest data)
  --dry-run          fetch and compare, store nothing
  --db FILE          database file (default $PARETO_DB or data/pareto.db)
  --json             print the summary as one JSON document
  --verbose          debug lines too
`,
  flags: SYNC_FLAGS,
} as const satisfies CommandSpec;
