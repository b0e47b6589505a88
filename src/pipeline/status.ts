import { checkLatest } from '../artifact/latest-check.js';
import { SOURCE_IDS, type Config, type SourceId } from '../config.js';
import type { Orm } from '../db/open.js';
import { readBudget, utcDay } from '../db/queries/budget.js';
import { PIPELINE_LEASE, readLease } from '../db/queries/lease.js';
import { lastJobRunSummaries, lastPublishAttempt, type JobRunSummary } from './job-history.js';
import { SOURCES, sourceById } from '../sources/registry.js';
import type { Source } from '../sources/types.js';
import { holderLooksDead } from '../util/process-alive.js';
import { latestRunWithStatus, latestSuccessfulRun, sourcesInHistory } from '../db/queries/runs.js';

/** How old each source's data may get before `pareto status` calls it stale (seconds), as each declares. */
export const DEFAULT_MAX_AGE = Object.fromEntries(SOURCES.map((s) => [s.id, s.maxAgeSeconds])) as Readonly<Record<SourceId, number>>;

export interface SourceStatus {
  readonly source: SourceId;
  /**
   * False for a source that has runs but is not in PARETO_SOURCES (e.g. synced once by hand), and
   * for AA without a key (its sync is skipped): listed, but not counted for health.
   */
  readonly configured: boolean;
  /** Why a listed source is not configured. */
  readonly off: string | null;
  readonly lastSuccess: { runId: number; at: string; ageSeconds: number } | null;
  readonly lastFailure: { runId: number; at: string; error: string | null } | null;
  /** The latest run failed: the data still serves until it is stale, but something needs a look. */
  readonly failing: boolean;
  readonly maxAgeSeconds: number;
  /** No success yet, or the last success is older than maxAgeSeconds. */
  readonly stale: boolean;
}

export interface Status {
  readonly now: string;
  /** No configured source is stale, latest.json is the newest version and loads, and the latest publish was not refused. */
  readonly healthy: boolean;
  readonly sources: SourceStatus[];
  readonly aaRequests: { day: string; used: number; budget: number; remaining: number | null; resetAt: string | null };
  /** What latest.json (the file routers load) holds; null when it is missing or does not load. */
  readonly shortlist: { version: number; createdAt: string; ageSeconds: number; contentHash: string } | null;
  /** What is wrong with latest.json (missing, truncated, tampered, not the newest version); null when fine. */
  readonly latestProblem: string | null;
  /**
   * The latest scheduled publish was refused by a guardrail and nothing has been published since:
   * the shortlist no longer follows the data until a person reviews and forces it.
   */
  readonly publishRefused: { job: string; at: string; reason: string } | null;
  readonly jobs: {
    /** The scheduled-jobs lease: who is running a job now. Null when no job runs. */
    readonly lease: { holder: string; since: string; until: string; expired: boolean; holderLooksDead: boolean } | null;
    /** The latest run of each job that has run here (the scheduler's own history). */
    readonly lastRuns: JobRunSummary[];
  };
}

/**
 * Health of the data: last success and failure per source, AA budget use, latest shortlist.
 * `orm` is null when there is no database yet: every source is then never synced, hence stale.
 */
export function readStatus(orm: Orm | null, config: Config, now: Date, maxAge: Partial<Record<SourceId, number>> = {}): Status {
  const ageMs = (iso: string) => Math.max(0, now.getTime() - Date.parse(iso));
  const listed = new Set<SourceId>(config.sources);
  const offBecause = (source: SourceId): string | null => {
    if (!listed.has(source)) return 'not in PARETO_SOURCES';
    // Without its key the sync skips the source (AA: curation uses OpenRouter's republished indices).
    const key = sourceById(source).requiresKey;
    if (key && !key.isSet(config)) return `${key.env} is not set`;
    return null;
  };
  const sources = [...config.sources, ...(orm ? sourcesWithRuns(orm).filter((s) => !listed.has(s)) : [])].map((source): SourceStatus => {
    const success = orm ? latestSuccessfulRun(orm, source) : undefined;
    const failure = orm ? latestRunWithStatus(orm, source, 'failed') : undefined;
    const limit = maxAge[source] ?? DEFAULT_MAX_AGE[source];
    // A run that succeeded has a finish time; startedAt only guards a row written by hand.
    const at = success ? (success.finishedAt ?? success.startedAt) : undefined;
    const lastSuccess = success && at ? { runId: success.id, at, ageSeconds: Math.round(ageMs(at) / 1000) } : null;
    return {
      source,
      configured: offBecause(source) === null,
      off: offBecause(source),
      lastSuccess,
      lastFailure: failure ? { runId: failure.id, at: failure.finishedAt ?? failure.startedAt, error: failure.error } : null,
      failing: failure !== undefined && (success === undefined || failure.id > success.id),
      maxAgeSeconds: limit,
      // Compared in milliseconds so a max age of 0s means "any age is too old", not "up to 0.5 s".
      stale: at === undefined || ageMs(at) > limit * 1000,
    };
  });
  const day = utcDay(now);
  // The one source with a daily quota (AA's API) is reported as `aaRequests`.
  const budgeted: Source | undefined = SOURCES.find((s: Source) => s.dailyRequestBudget !== undefined);
  const budget = orm && budgeted ? readBudget(orm, budgeted.id, day) : { used: 0, remaining: null, resetAt: null };
  const budgetLimit = budgeted?.dailyRequestBudget?.(config) ?? 0;
  const check = checkLatest(config.shortlistsDir);
  const latest = check.latest;
  const lease = orm ? readLease(orm, PIPELINE_LEASE) : undefined;
  const lastRuns = orm ? lastJobRunSummaries(orm) : [];
  // Refused only while the latest publish attempt of any job was refused and nothing (a forced
  // `pareto publish`, say) has been published since.
  const attempt = orm ? lastPublishAttempt(orm) : undefined;
  const refused =
    attempt &&
    (attempt.detail?.publish as { reason?: string }).reason === 'refused' &&
    (!latest || Date.parse(latest.createdAt) < Date.parse(attempt.startedAt))
      ? attempt
      : undefined;
  return {
    now: now.toISOString(),
    // A source synced once by hand but not configured would otherwise fail every health check
    // forever; it is still listed, with its own stale flag.
    healthy:
      sources.every((s) => !s.configured || !s.stale) && !refused && check.problem === null && !(lease && holderLooksDead(lease.holder)),
    sources,
    aaRequests: { day, used: budget.used, budget: budgetLimit, remaining: budget.remaining, resetAt: budget.resetAt },
    shortlist: latest
      ? {
          version: latest.version,
          createdAt: latest.createdAt,
          ageSeconds: Math.round(ageMs(latest.createdAt) / 1000),
          contentHash: latest.contentHash,
        }
      : null,
    latestProblem: check.problem,
    // A lease past its expiry was left by a holder that died mid-job; the next job takes it over.
    publishRefused: refused ? { job: refused.job, at: refused.startedAt, reason: refused.result } : null,
    jobs: {
      lease: lease
        ? {
            holder: lease.holder,
            since: lease.acquiredAt,
            until: lease.expiresAt,
            expired: Date.parse(lease.expiresAt) <= now.getTime(),
            holderLooksDead: holderLooksDead(lease.holder),
          }
        : null,
      lastRuns,
    },
  };
}

/** Known source ids that appear in the run history, in registry order. */
function sourcesWithRuns(orm: Orm): SourceId[] {
  const seen = sourcesInHistory(orm);
  return SOURCE_IDS.filter((id) => seen.has(id));
}
