import { existsSync } from 'node:fs';
import { SOURCE_IDS, type SourceId } from '../../config.js';
import { ParetoError } from '../../errors.js';
import { readStatus, type Status } from '../../pipeline/status.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderTable } from '../table.js';

export const statusHelp = `pareto status — is the data fresh? A health check for cron and monitoring

  --max-age SOURCE=DURATION[,…]   stale after this long (e.g. openrouter-models=90m,artificial-analysis=2d);
                                  defaults: artificial-analysis 36h, openrouter-* 2h
  --db FILE                       database file
  --json                          one JSON document

Per source: last success and its age, last failure with its error, and STALE when the last
success is older than its maximum age (or there is none). Also AA requests used today against
the daily budget, and the latest shortlist version and age.
Exit 0 when every source is fresh, 1 when any is stale, 2 on bad usage.
`;

export async function statusCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, { 'max-age': { type: 'string', multiple: true }, db: { type: 'string' }, json: { type: 'boolean' } }, 'status');
  const ctx = commandContext(io, values);
  const maxAge = parseMaxAges(values['max-age'] ?? []);
  // A health check must not create the database it is checking.
  const db = existsSync(ctx.config.dbPath) ? ctx.openDb() : null;
  try {
    const status = readStatus(db?.orm ?? null, ctx.config, new Date(), maxAge);
    if (values.json) printJson(io, { ...status, database: ctx.config.dbPath, databaseExists: db !== null });
    else io.stdout(render(status, db === null ? ctx.config.dbPath : null));
    return status.healthy ? 0 : 1;
  } finally {
    db?.close();
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function parseMaxAges(values: readonly string[]): Partial<Record<SourceId, number>> {
  const out: Partial<Record<SourceId, number>> = {};
  for (const item of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)([smhd])$/.exec(item);
    if (!match || !(SOURCE_IDS as readonly string[]).includes(match[1]!)) {
      throw new ParetoError('usage', `--max-age: "${item}" is not SOURCE=DURATION`, { hint: `e.g. openrouter-models=90m; sources: ${SOURCE_IDS.join(', ')}; units s, m, h, d` });
    }
    out[match[1] as SourceId] = Number(match[2]) * UNITS[match[3]!]!;
  }
  return out;
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

function render(s: Status, missingDb: string | null): string {
  const rows = s.sources.map((x) => [
    x.source,
    x.lastSuccess ? x.lastSuccess.at : 'never',
    x.lastSuccess ? age(x.lastSuccess.ageSeconds) : '-',
    x.lastFailure ? `${x.lastFailure.at} ${(x.lastFailure.error ?? '').split('\n')[0]!.slice(0, 60)}` : '-',
    age(x.maxAgeSeconds),
    x.stale ? 'STALE' : 'ok',
  ]);
  const lines = [
    ...(missingDb ? [`no database at ${missingDb}: nothing has been synced yet`] : []),
    renderTable(['source', 'last success', 'age', 'last failure', 'max age', 'state'], rows),
    `AA requests today: ${s.aaRequests.used} of ${s.aaRequests.budget} used (UTC day ${s.aaRequests.day})${s.aaRequests.remaining === null ? '' : `; AA reports ${s.aaRequests.remaining} remaining`}`,
    s.shortlist ? `shortlist: version ${s.shortlist.version} published ${age(s.shortlist.ageSeconds)} ago` : 'shortlist: none published yet',
    s.healthy ? 'healthy' : 'STALE: at least one source is older than its maximum age',
  ];
  return `${lines.join('\n')}\n`;
}
