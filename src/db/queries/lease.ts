import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { leases } from '../schema.js';

export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/** The one lease every scheduled job takes: they write the same tables and publish the same shortlist. */
export const PIPELINE_LEASE = 'pipeline';

/**
 * Takes the lease `name` for `holder` until now + ttl, if it is free, expired, or already ours.
 * One upsert whose WHERE decides, so two processes racing on the same file cannot both win:
 * SQLite runs writes one at a time, and the loser's update matches no row.
 */
export function acquireLease(orm: Orm, name: string, holder: string, now: Date, ttlMs: number): boolean {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const result = orm
    .insert(leases)
    .values({ name, holder, acquiredAt: at, expiresAt })
    .onConflictDoUpdate({
      target: leases.name,
      set: {
        holder,
        // A renewal keeps the original acquisition time; a takeover starts a new one.
        acquiredAt: sql`CASE WHEN ${leases.holder} = ${holder} THEN ${leases.acquiredAt} ELSE ${at} END`,
        expiresAt,
      },
      setWhere: sql`${leases.expiresAt} <= ${at} OR ${leases.holder} = ${holder}`,
    })
    .run();
  return result.changes > 0;
}

/**
 * Takes over a lease from `from`, a holder known to be dead, before it expires. Conditional on
 * `from` still holding it, so of two processes doing this at once only one wins.
 */
export function takeOverLease(orm: Orm, name: string, from: string, holder: string, now: Date, ttlMs: number): boolean {
  const result = orm
    .update(leases)
    .set({ holder, acquiredAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
    .where(sql`${leases.name} = ${name} AND ${leases.holder} = ${from}`)
    .run();
  return result.changes > 0;
}

/** Gives the lease back, only if we still hold it (an expired lease may belong to someone else now). */
export function releaseLease(orm: Orm, name: string, holder: string): boolean {
  const result = orm
    .delete(leases)
    .where(sql`${leases.name} = ${name} AND ${leases.holder} = ${holder}`)
    .run();
  return result.changes > 0;
}

export function readLease(orm: Orm, name: string): Lease | undefined {
  return orm.select().from(leases).where(eq(leases.name, name)).get();
}
