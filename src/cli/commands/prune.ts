import { ParetoError } from '../../errors.js';
import { pruneHistory } from '../../pipeline/retention.js';
import { intFlag, parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';

export const pruneHelp = `pareto prune — delete sync history older than N days

  --older-than DAYS    required, or set PARETO_RETENTION_DAYS
  --raw-only           delete only raw responses (the bulk), keep observations as history
  --dry-run            report what would be deleted
  --db FILE            database file
  --json               one JSON document

Never deletes runs a published shortlist was built from, the latest successful run of each
source, or runs in progress.
`;

export async function pruneCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, { 'older-than': { type: 'string' }, 'raw-only': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, db: { type: 'string' }, json: { type: 'boolean' } }, 'prune');
  const days = intFlag(values['older-than'] ?? io.env.PARETO_RETENTION_DAYS, values['older-than'] === undefined ? 'PARETO_RETENTION_DAYS' : '--older-than');
  if (days === undefined) throw new ParetoError('usage', '--older-than DAYS is required (or set PARETO_RETENTION_DAYS)');
  const ctx = commandContext(io, values);
  const db = ctx.openDb();
  try {
    const result = pruneHistory(db, { olderThanDays: days, now: new Date(), shortlistsDir: ctx.config.shortlistsDir, rawOnly: values['raw-only'] ?? false, dryRun: values['dry-run'] ?? false });
    if (values.json) printJson(io, result);
    else {
      const verb = result.dryRun ? 'would delete' : 'deleted';
      io.stdout(
        `${verb} ${values['raw-only'] ? 'the raw responses of ' : ''}${result.runs.length} runs before ${result.cutoff} (${result.rawResponses} raw responses, ${result.observations} observations)\n` +
          (result.kept.length ? `kept ${result.kept.length} older runs that a published shortlist or curation needs: ${result.kept.join(', ')}\n` : ''),
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
