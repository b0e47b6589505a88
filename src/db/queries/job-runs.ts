import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { jobRuns } from '../schema.js';

export type JobRunRow = typeof jobRuns.$inferSelect;

/**
 * Records the start of a run. With a tick it is also the claim on that tick: null when a run of
 * the same tick already exists (another scheduler ran it). One INSERT that ignores the conflict
 * on (job, tick), so two processes cannot both win.
 */
export function startJobRun(orm: Orm, run: { job: string; tick: string | null; holder: string; now: Date }): number | null {
  const row = orm
    .insert(jobRuns)
    .values({ job: run.job, tick: run.tick, holder: run.holder, status: 'running', startedAt: run.now.toISOString() })
    .onConflictDoNothing()
    .returning({ id: jobRuns.id })
    .get();
  return row?.id ?? null;
}

export function finishJobRun(
  orm: Orm,
  id: number,
  outcome: { status: 'succeeded' | 'failed'; finishedAt: Date; error: string | null; detail: unknown },
): void {
  orm
    .update(jobRuns)
    .set({
      status: outcome.status,
      finishedAt: outcome.finishedAt.toISOString(),
      error: outcome.error,
      detail: JSON.stringify(outcome.detail),
    })
    .where(eq(jobRuns.id, id))
    .run();
}

export function jobRunOfTick(orm: Orm, job: string, tick: string): JobRunRow | undefined {
  return orm
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.tick, tick)))
    .get();
}

/** The latest run of each job that has one. */
export function lastJobRuns(orm: Orm): JobRunRow[] {
  const latest = orm
    .select({ id: sql<number>`max(${jobRuns.id})` })
    .from(jobRuns)
    .groupBy(jobRuns.job);
  return orm
    .select()
    .from(jobRuns)
    .where(sql`${jobRuns.id} in ${latest}`)
    .orderBy(jobRuns.job)
    .all();
}

export function listJobRuns(orm: Orm, limit: number): JobRunRow[] {
  return orm.select().from(jobRuns).orderBy(desc(jobRuns.id)).limit(limit).all();
}

/**
 * Runs still marked running once we hold the lease belong to a scheduler that died mid-run (a
 * live one would hold the lease): they are marked failed, so history never shows them running.
 */
export function failAbandonedJobRuns(orm: Orm, exceptId: number | null, now: Date): number {
  return orm
    .update(jobRuns)
    .set({
      status: 'failed',
      finishedAt: now.toISOString(),
      error: 'abandoned: its scheduler stopped before the run finished (crash or kill)',
    })
    .where(and(eq(jobRuns.status, 'running'), ne(jobRuns.id, exceptId ?? -1)))
    .run().changes;
}

/** Finished runs started before `cutoff` (ISO): the job history retention removes. */
export function countJobRunsBefore(orm: Orm, cutoff: string): number {
  return (
    orm
      .select({ n: sql<number>`count(*)` })
      .from(jobRuns)
      .where(and(ne(jobRuns.status, 'running'), lt(jobRuns.startedAt, cutoff)))
      .get()?.n ?? 0
  );
}

export function deleteJobRunsBefore(orm: Orm, cutoff: string): number {
  return orm
    .delete(jobRuns)
    .where(and(ne(jobRuns.status, 'running'), lt(jobRuns.startedAt, cutoff)))
    .run().changes;
}
