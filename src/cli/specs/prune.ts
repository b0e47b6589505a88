import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const pruneSpec = {
  summary: 'delete sync history older than N days (never what a published version needs)',
  help: `pareto prune — delete sync and job history older than N days

  --older-than DAYS    default: PARETO_RETENTION_DAYS (30; "off" keeps everything)
  --raw-only           delete only the raw responses, keep the observations as history
  --dry-run            report what would be deleted, delete nothing
  --db FILE            database file
  --shortlists DIR     published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json               { dryRun, rawOnly, cutoff, runs, rawResponses, observations, keptForShortlists, keptAsLatest, jobRuns }

Never deletes runs a published shortlist was built from, the latest successful run of each
source, or runs in progress; refuses if a published artifact cannot be read. Everything is
deleted in one transaction. SQLite reuses the freed space; to shrink the file itself, run
\`sqlite3 FILE VACUUM\` while nothing else uses the database.
`,
  flags: {
    'older-than': { type: 'string' },
    'raw-only': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    ...DB_FLAG,
    ...SHORTLISTS_FLAG,
    ...JSON_FLAG,
  },
} as const satisfies CommandSpec;
