import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { syncRuns } from '../schema.js';

export type RunStatus = 'running' | 'success' | 'failed';
export type RunRow = typeof syncRuns.$inferSelect;

export interface RunCounts {
  requests: number;
  rowsRead: number;
  rowsStored: number;
  rowsNew: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rowsRemoved: number;
  rowsDropped: number;
}

export function startRun(orm: Orm, source: string, mode: 'live' | 'replay', now: Date, owner: { pid: number; host: string }): number {
  const row = orm
    .insert(syncRuns)
    .values({ source, mode, status: 'running', startedAt: now.toISOString(), pid: owner.pid, host: owner.host })
    .returning({ id: syncRuns.id })
    .get();
  return row.id;
}

export function finishRun(
  orm: Orm,
  runId: number,
  outcome: { status: 'success' | 'failed'; finishedAt: Date; counts: Partial<RunCounts>; error?: string; meta?: unknown },
): void {
  orm
    .update(syncRuns)
    .set({
      status: outcome.status,
      finishedAt: outcome.finishedAt.toISOString(),
      ...outcome.counts,
      error: outcome.error ?? null,
      meta: outcome.meta === undefined ? null : JSON.stringify(outcome.meta),
    })
    .where(eq(syncRuns.id, runId))
    .run();
}

export function latestSuccessfulRun(orm: Orm, source: string): RunRow | undefined {
  return latestRunWithStatus(orm, source, 'success');
}

export function latestRunWithStatus(orm: Orm, source: string, status: RunStatus): RunRow | undefined {
  return orm
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.source, source), eq(syncRuns.status, status)))
    .orderBy(desc(syncRuns.id))
    .limit(1)
    .get();
}

/** Every source name that appears in the run history. */
export function sourcesInHistory(orm: Orm): Set<string> {
  return new Set(
    orm
      .selectDistinct({ source: syncRuns.source })
      .from(syncRuns)
      .all()
      .map((r) => r.source),
  );
}

export function getRun(orm: Orm, runId: number): RunRow | undefined {
  return orm.select().from(syncRuns).where(eq(syncRuns.id, runId)).get();
}

export function listRuns(orm: Orm, options: { source?: string; limit?: number } = {}): RunRow[] {
  const query = orm.select().from(syncRuns);
  const filtered = options.source ? query.where(eq(syncRuns.source, options.source)) : query;
  return filtered
    .orderBy(desc(syncRuns.id))
    .limit(options.limit ?? 20)
    .all();
}

/**
 * Rows left in 'running' by a process that is gone (crash, kill -9, power loss) are marked
 * failed, so history never shows a run as in progress forever.
 */
export const ABANDONED_ERROR = 'interrupted: the process ended before the run finished';

/**
 * A run still `running` whose process on this host is gone was killed (kill -9, OOM); the next
 * sync records it as failed. Until then, listings show it as what it is, without writing.
 */
export function showAbandoned(runs: readonly RunRow[], host: string, isAlive: (pid: number) => boolean): RunRow[] {
  return runs.map((r) =>
    r.status === 'running' && r.host === host && (r.pid === null || !isAlive(r.pid))
      ? { ...r, status: 'failed', error: `${ABANDONED_ERROR} (pid ${r.pid ?? '?'} is gone)` }
      : r,
  );
}

export function failAbandonedRuns(orm: Orm, host: string, isAlive: (pid: number) => boolean, now: Date): number {
  const running = orm.select().from(syncRuns).where(eq(syncRuns.status, 'running')).all();
  const abandoned = running.filter((r) => r.host === host && (r.pid === null || !isAlive(r.pid))).map((r) => r.id);
  if (abandoned.length === 0) return 0;
  orm
    .update(syncRuns)
    .set({ status: 'failed', finishedAt: now.toISOString(), error: ABANDONED_ERROR })
    .where(inArray(syncRuns.id, abandoned))
    .run();
  return abandoned.length;
}
