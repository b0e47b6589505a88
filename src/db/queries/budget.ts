import { and, eq, sql } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { requestBudget } from '../schema.js';

export interface BudgetState {
  readonly used: number;
  /** The API's own X-RateLimit-Remaining, when it sent one today. */
  readonly remaining: number | null;
  readonly resetAt: string | null;
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function readBudget(orm: Orm, source: string, day: string): BudgetState {
  const row = orm
    .select()
    .from(requestBudget)
    .where(and(eq(requestBudget.source, source), eq(requestBudget.day, day)))
    .get();
  return { used: row?.used ?? 0, remaining: row?.remaining ?? null, resetAt: row?.resetAt ?? null };
}

/** Counts one request. Committed at once (outside any run transaction): a spent request stays spent. */
export function addRequest(orm: Orm, source: string, day: string): void {
  orm
    .insert(requestBudget)
    .values({ source, day, used: 1 })
    .onConflictDoUpdate({ target: [requestBudget.source, requestBudget.day], set: { used: sql`${requestBudget.used} + 1` } })
    .run();
}

export function recordRateLimit(orm: Orm, source: string, day: string, remaining: number | null, resetAt: string | null): void {
  orm
    .insert(requestBudget)
    .values({ source, day, used: 0, remaining, resetAt })
    .onConflictDoUpdate({ target: [requestBudget.source, requestBudget.day], set: { remaining, resetAt } })
    .run();
}
