import { ParetoError } from '../../errors.js';
import { describePrune, pruneHistory, publishedRunIds } from '../../pipeline/retention.js';
import { intFlag, parseFlags } from '../args.js';
import { pruneSpec } from '../specs/prune.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';

export async function pruneCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, pruneSpec, 'prune');
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
