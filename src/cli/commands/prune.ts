import { ParetoError } from '../../errors.js';
import { describePrune, pruneHistory, publishedRunIds } from '../../pipeline/retention.js';
import { intFlag, parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';

export const pruneHelp = `pareto prune — delete sync and job history older than N days

  --older-than DAYS    default: PARETO_RETENTION_DAYS (30; "off" keeps everything)
  --raw-only           delete only the raw responses, keep the observations as history
  --dry-run            report what would be deleted, delete nothing
  --db FILE            database file
  --json               { dryRun, rawOnly, cutoff, runs, rawResponses, observations, keptForShortlists, keptAsLatest, jobRuns }

Never deletes runs a published shortlist was built from, the latest successful run of each
source, or runs in progress; refuses if a published artifact cannot be read. Everything is
deleted in one transaction. SQLite reuses the freed space; to shrink the file itself, run
\`sqlite3 FILE VACUUM\` while nothing else uses the database.
`;

export async function pruneCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    argv,
    { 'older-than': { type: 'string' }, 'raw-only': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, db: { type: 'string' }, json: { type: 'boolean' } },
    'prune',
  );
  const ctx = commandContext(io, values);
  const olderThanDays = retentionDays(values['older-than'], ctx.config.retentionDays);
  const rawOnly = values['raw-only'] ?? false;
  const dryRun = values['dry-run'] ?? false;
  // Read the artifacts before opening the database: a bad one refuses before anything is touched.
  const keepRunIds = publishedRunIds(ctx.config.shortlistsDir);
  const db = ctx.openDb();
  try {
    const result = pruneHistory(db, { olderThanDays, now: new Date(), keepRunIds, rawOnly, dryRun });
    if (values.json) printJson(io, { dryRun, rawOnly, ...result });
    else io.stdout(describePrune(result, { dryRun, rawOnly }));
    return 0;
  } finally {
    db.close();
  }
}

/** The flag wins over the configured retention (PARETO_RETENTION_DAYS, 30 days by default). */
function retentionDays(flag: string | undefined, configured: number | null): number {
  if (flag !== undefined) return intFlag(flag.trim(), '--older-than') as number;
  if (configured !== null) return configured;
  throw new ParetoError('usage', 'pareto prune: retention is off (PARETO_RETENTION_DAYS=off), so there is no age to prune by', {
    hint: 'pass --older-than DAYS to prune anyway',
  });
}
