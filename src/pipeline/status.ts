import { and, desc, eq } from 'drizzle-orm';
import { readLatest } from '../artifact/store.js';
import type { Config, SourceId } from '../config.js';
import type { Orm } from '../db/open.js';
import { readBudget, utcDay } from '../db/queries/budget.js';
import { syncRuns } from '../db/schema.js';

/** How old each source's data may get before `pareto status` calls it stale (seconds). */
export const DEFAULT_MAX_AGE: Readonly<Record<SourceId, number>> = {
  'artificial-analysis': 36 * 3600, // nightly job, with a night of slack
  'aa-leaderboard': 36 * 3600,
  'openrouter-models': 2 * 3600, // every 30 minutes, with slack for a few failed ticks
  'openrouter-endpoints': 2 * 3600,
};

export interface SourceStatus {
  readonly source: SourceId;
  readonly lastSuccess: { runId: number; at: string; ageSeconds: number } | null;
  readonly lastFailure: { runId: number; at: string; error: string | null } | null;
  readonly maxAgeSeconds: number;
  readonly stale: boolean;
}

export interface Status {
  readonly now: string;
  readonly healthy: boolean;
  readonly sources: SourceStatus[];
  readonly aaRequests: { day: string; used: number; budget: number; remaining: number | null; resetAt: string | null };
  readonly shortlist: { version: number; createdAt: string; ageSeconds: number; contentHash: string } | null;
}

/** Health of the data: last success and failure per source, AA budget use, latest shortlist. */
export function readStatus(orm: Orm | null, config: Config, now: Date, maxAge: Partial<Record<SourceId, number>> = {}): Status {
  const seconds = (iso: string) => Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  const sources = config.sources.map((source): SourceStatus => {
    const success = orm ? lastRun(orm, source, 'success') : undefined;
    const failure = orm ? lastRun(orm, source, 'failed') : undefined;
    const limit = maxAge[source] ?? DEFAULT_MAX_AGE[source];
    const at = success?.finishedAt ?? success?.startedAt;
    const lastSuccess = success && at ? { runId: success.id, at, ageSeconds: seconds(at) } : null;
    return {
      source,
      lastSuccess,
      lastFailure: failure ? { runId: failure.id, at: failure.finishedAt ?? failure.startedAt, error: failure.error } : null,
      maxAgeSeconds: limit,
      stale: lastSuccess === null || lastSuccess.ageSeconds > limit,
    };
  });
  const day = utcDay(now);
  const budget = orm ? readBudget(orm, 'artificial-analysis', day) : { used: 0, remaining: null, resetAt: null };
  const latest = readLatest(config.shortlistsDir);
  return {
    now: now.toISOString(),
    healthy: sources.every((s) => !s.stale),
    sources,
    aaRequests: { day, used: budget.used, budget: config.aaDailyBudget, remaining: budget.remaining, resetAt: budget.resetAt },
    shortlist: latest ? { version: latest.version, createdAt: latest.createdAt, ageSeconds: seconds(latest.createdAt), contentHash: latest.contentHash } : null,
  };
}

function lastRun(orm: Orm, source: string, status: 'success' | 'failed') {
  return orm
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.source, source), eq(syncRuns.status, status)))
    .orderBy(desc(syncRuns.id))
    .limit(1)
    .get();
}
