import { ParetoError } from '../../errors.js';
import { pruneHistory, publishedRunIds, type PruneResult } from '../../pipeline/retention.js';
import { intFlag, parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';

export const pruneHelp = `pareto prune — delete sync history older than N days

  --older-than DAYS    required unless PARETO_RETENTION_DAYS is set
  --raw-only           delete only the raw responses (the bulk), keep observations as history
  --dry-run            report what would be deleted, delete nothing
  --db FILE            database file
  --json               { dryRun, rawOnly, cutoff, runs, rawResponses, observations, keptForShortlists, keptAsLatest }

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
  const olderThanDays = retentionDays(values['older-than'], io.env.PARETO_RETENTION_DAYS);
  const rawOnly = values['raw-only'] ?? false;
  const dryRun = values['dry-run'] ?? false;
  const ctx = commandContext(io, values);
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

/** The flag wins over the environment; either way a bad value names the flag. */
function retentionDays(flag: string | undefined, env: string | undefined): number {
  if (flag !== undefined) return intFlag(flag.trim(), '--older-than') as number;
  if (env !== undefined && env.trim() !== '') return intFlag(env.trim(), '--older-than (from PARETO_RETENTION_DAYS)') as number;
  throw new ParetoError('usage', 'pareto prune: --older-than DAYS is required', { hint: 'pass --older-than 90, or set PARETO_RETENTION_DAYS' });
}

export function describePrune(r: PruneResult, mode: { dryRun: boolean; rawOnly: boolean }): string {
  const verb = mode.dryRun ? 'would delete' : 'deleted';
  const { aa, models, endpoints } = r.observations;
  const lines = [
    mode.rawOnly
      ? `${verb} the raw responses of ${r.runs.length} runs that ended before ${r.cutoff}: ${r.rawResponses} raw responses (observations kept)`
      : `${verb} ${r.runs.length} runs that ended before ${r.cutoff}: ${r.rawResponses} raw responses, ${aa + models + endpoints} observations (aa ${aa}, models ${models}, endpoints ${endpoints})`,
  ];
  if (r.keptForShortlists.length) lines.push(`kept ${r.keptForShortlists.length} older runs that published shortlists were built from: ${r.keptForShortlists.join(', ')}`);
  if (r.keptAsLatest.length) lines.push(`kept ${r.keptAsLatest.length} older runs that are the latest success of their source: ${r.keptAsLatest.join(', ')}`);
  if (!mode.dryRun && r.runs.length > 0) lines.push('the file keeps its size until `VACUUM`; SQLite reuses the freed space');
  return `${lines.join('\n')}\n`;
}
