import { inArray, sql } from 'drizzle-orm';
import type { Orm } from '../open.js';
import { aaObservations, openrouterEndpointObservations, openrouterModelObservations, rawResponses, syncRuns } from '../schema.js';

/** Rows hanging off a set of runs, per table. */
export interface RunRowCounts {
  rawResponses: number;
  aa: number;
  models: number;
  endpoints: number;
}

// SQLite caps bound parameters per statement (32766 in the bundled build); a frequent sync kept
// for a year makes tens of thousands of runs, so id lists go in slices well under the cap.
const CHUNK = 500;

function chunks(ids: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}

/** Latest successful run of each source: the runs curation reads (same rule as `latestSuccessfulRun`). */
export function latestSuccessfulRunIds(orm: Orm): number[] {
  return orm
    .select({ id: sql<number>`max(${syncRuns.id})` })
    .from(syncRuns)
    .where(sql`${syncRuns.status} = 'success'`)
    .groupBy(syncRuns.source)
    .all()
    .map((r) => r.id);
}

/**
 * Runs that ended before `cutoff` (ISO, compared as text like every stored timestamp). A
 * successful run counts from when it finished; a failed one from when it started, because a run
 * found abandoned gets `finished_at` = the moment it was found, which can be long after it died.
 * Runs still `running` are never returned.
 */
export function runsEndedBefore(orm: Orm, cutoff: string): number[] {
  return orm
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(
      sql`${syncRuns.status} != 'running' and (case when ${syncRuns.status} = 'success' then coalesce(${syncRuns.finishedAt}, ${syncRuns.startedAt}) else ${syncRuns.startedAt} end) < ${cutoff}`,
    )
    .orderBy(syncRuns.id)
    .all()
    .map((r) => r.id);
}

/** The subset of `runIds` that still has raw responses (so a second raw-only prune reports nothing). */
export function runsWithRawResponses(orm: Orm, runIds: readonly number[]): number[] {
  const found = new Set<number>();
  for (const slice of chunks(runIds)) {
    for (const r of orm.selectDistinct({ id: rawResponses.runId }).from(rawResponses).where(inArray(rawResponses.runId, slice)).all())
      found.add(r.id);
  }
  return runIds.filter((id) => found.has(id));
}

type RunChild = typeof rawResponses | typeof aaObservations | typeof openrouterModelObservations | typeof openrouterEndpointObservations;

function countRows(orm: Orm, table: RunChild, runIds: readonly number[]): number {
  let n = 0;
  for (const slice of chunks(runIds))
    n +=
      orm
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(inArray(table.runId, slice))
        .get()?.n ?? 0;
  return n;
}

export function countRunRows(orm: Orm, runIds: readonly number[]): RunRowCounts {
  return {
    rawResponses: countRows(orm, rawResponses, runIds),
    aa: countRows(orm, aaObservations, runIds),
    models: countRows(orm, openrouterModelObservations, runIds),
    endpoints: countRows(orm, openrouterEndpointObservations, runIds),
  };
}

export function deleteRawResponses(orm: Orm, runIds: readonly number[]): void {
  for (const slice of chunks(runIds)) orm.delete(rawResponses).where(inArray(rawResponses.runId, slice)).run();
}

/**
 * Deletes runs with everything keyed by them. The child rows are deleted explicitly rather than
 * left to `on delete cascade`, so nothing is orphaned on a connection opened without
 * `foreign_keys = ON`. Call inside a transaction.
 */
export function deleteRuns(orm: Orm, runIds: readonly number[]): void {
  for (const slice of chunks(runIds)) {
    for (const table of [rawResponses, aaObservations, openrouterModelObservations, openrouterEndpointObservations] as const) {
      orm.delete(table).where(inArray(table.runId, slice)).run();
    }
    orm.delete(syncRuns).where(inArray(syncRuns.id, slice)).run();
  }
}
