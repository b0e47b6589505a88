import { and, eq, lt } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { jobTicks } from '../schema.js';

export type TickClaim = typeof jobTicks.$inferSelect;

/**
 * Claims the scheduled tick `tick` of `job` for `holder`: true for the first claimant, false for
 * any later one. One INSERT that ignores a conflict, so two processes cannot both win.
 */
export function claimTick(orm: Orm, job: string, tick: string, holder: string, now: Date): boolean {
  const result = orm.insert(jobTicks).values({ job, tick, holder, claimedAt: now.toISOString() }).onConflictDoNothing().run();
  return result.changes > 0;
}

export function readTickClaim(orm: Orm, job: string, tick: string): TickClaim | undefined {
  return orm
    .select()
    .from(jobTicks)
    .where(and(eq(jobTicks.job, job), eq(jobTicks.tick, tick)))
    .get();
}

/** Forgets claims of ticks before `before` (ISO); they only matter while their tick can still fire. */
export function pruneTickClaims(orm: Orm, before: string): number {
  return orm.delete(jobTicks).where(lt(jobTicks.tick, before)).run().changes;
}
