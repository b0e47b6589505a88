import { SOURCE_IDS, type SourceId } from '../../config.js';
import { ParetoError } from '../../errors.js';
import type { JobRunSummary } from '../../pipeline/job-history.js';
import { readStatus, type Status } from '../../pipeline/status.js';
import { parseFlags } from '../args.js';
import { statusSpec } from '../specs/status.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderTable } from '../table.js';

export async function statusCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, statusSpec, 'status');
  const ctx = commandContext(io, values);
  const maxAge = parseMaxAges(values['max-age'] ?? []);
  // A health check must not create the database it is checking.
  const db = ctx.readDbIfAny();
  try {
    const status = readStatus(db?.orm ?? null, ctx.config, new Date(), maxAge);
    if (values.json) printJson(io, { ...status, database: ctx.config.dbPath, databaseExists: db !== null });
    else io.stdout(render(status, db === null ? ctx.config.dbPath : null, io.columns));
    return status.healthy ? 0 : 1;
  } finally {
    db?.close();
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "openrouter-models=90m,artificial-analysis=2d" (repeatable) → seconds per source. */
export function parseMaxAges(values: readonly string[]): Partial<Record<SourceId, number>> {
  const out: Partial<Record<SourceId, number>> = {};
  for (const item of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    const [source = '', duration] = item.split('=', 2).map((part) => part.trim());
    if (duration === undefined) throw usage(`"${item}" is not SOURCE=DURATION`);
    if (!(SOURCE_IDS as readonly string[]).includes(source)) throw usage(`unknown source "${source}" in "${item}"`);
    const match = /^(\d+)([smhd])$/.exec(duration);
    if (!match) throw usage(`"${duration}" in "${item}" is not a duration`);
    out[source as SourceId] = Number(match[1]) * UNITS[match[2]!]!;
  }
  return out;
}

function usage(problem: string): ParetoError {
  return new ParetoError('usage', `--max-age: ${problem}`, {
    hint: `e.g. --max-age openrouter-models=90m,artificial-analysis=2d; sources: ${SOURCE_IDS.join(', ')}; units s, m, h, d`,
  });
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

/** Errors can be multi-line (causes, hints); the table shows the first line, cut to fit. */
function firstLine(error: string | null, max = 60): string {
  const line = (error ?? '').trim().split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function render(s: Status, missingDb: string | null, width = Infinity): string {
  const rows = s.sources.map((x) => [
    x.source,
    x.lastSuccess ? x.lastSuccess.at : 'never',
    x.lastSuccess ? age(x.lastSuccess.ageSeconds) : '-',
    x.lastFailure ? `${x.lastFailure.at} ${firstLine(x.lastFailure.error)}`.trimEnd() : '-',
    age(x.maxAgeSeconds),
    x.off ? `off: ${x.off}` : `${x.stale ? 'STALE' : 'ok'}${x.failing ? ', last run failed' : ''}`,
  ]);
  const lines = [
    ...(missingDb ? [`no database at ${missingDb}: nothing has been synced yet`] : []),
    renderTable(['source', 'last success', 'age', 'last failure', 'max age', 'state'], rows, width),
    `AA requests today: ${s.aaRequests.used} of ${s.aaRequests.budget} used (UTC day ${s.aaRequests.day})${s.aaRequests.remaining === null ? '' : `; AA reports ${s.aaRequests.remaining} remaining`}`,
    s.shortlist
      ? `shortlist: version ${s.shortlist.version} published ${age(s.shortlist.ageSeconds)} ago`
      : s.latestProblem
        ? 'shortlist: latest.json does not load'
        : 'shortlist: no shortlist published yet',
    ...(s.latestProblem ? [`latest.json: ${firstLine(s.latestProblem, 200)}; \`pareto publish\` rewrites it from the newest version`] : []),
    ...(s.publishRefused
      ? [
          `publish refused since ${s.publishRefused.at} (job ${s.publishRefused.job}): ${s.publishRefused.reason}; review with \`pareto publish --dry-run --json\`, then \`pareto publish --force\``,
        ]
      : []),
    jobsLine(s.jobs.lease),
    ...(s.jobs.lastRuns.length ? [renderJobRuns(s.jobs.lastRuns, width)] : []),
    ...verdict(s),
  ];
  return `${lines.join('\n')}\n`;
}

function jobsLine(lease: Status['jobs']['lease']): string {
  if (!lease) return 'jobs: none running';
  if (lease.holderLooksDead)
    return `jobs: the lease is held by ${lease.holder}, which looks dead (no such process on this host); the next job takes it over`;
  if (lease.expired)
    return `jobs: the lease of ${lease.holder} expired at ${lease.until} (that scheduler died mid-job; the next job takes over)`;
  return `jobs: a job is running on ${lease.holder} since ${lease.since} (lease until ${lease.until})`;
}

/** The latest run of each job, for status and `jobs list`. */
export function renderJobRuns(runs: readonly JobRunSummary[], width = Infinity): string {
  return renderTable(
    ['job', 'last run', 'status', 'on', 'result'],
    runs.map((r) => [r.job, r.startedAt, r.status, r.holder, r.result.length > 80 ? `${r.result.slice(0, 79)}…` : r.result]),
    width,
  );
}

function verdict(s: Status): string[] {
  if (s.healthy) return ['healthy'];
  return [
    ...(s.sources.some((x) => x.configured && x.stale)
      ? ['STALE: a configured source was never synced or is older than its maximum age']
      : []),
    ...(s.latestProblem ? ['BROKEN: latest.json, the file routers load, is not the newest published version'] : []),
    ...(s.jobs.lease?.holderLooksDead ? ['DEAD: the job lease is held by a process that is no longer running (killed mid-job)'] : []),
    ...(s.publishRefused ? ['REFUSED: the latest publish was refused, so the shortlist no longer follows the data'] : []),
  ];
}
