import { sql } from 'drizzle-orm';
import type { ColumnValue, RecordKind, RecordKinds, RecordStore } from '../../sources/types.js';
import type { Orm } from '../open.js';

/** A normalised record ready to store: its natural key and content hash are computed by the pipeline. */
export interface KeyedRecord<K extends RecordKind> {
  readonly key: string;
  readonly hash: string;
  readonly record: RecordKinds[K];
}

/**
 * Every kind is stored the same way, in the table its store names: the full record as JSON next
 * to the typed columns the store lists (kept for history queries without json_extract). One
 * prepared statement run per row: inside the caller's transaction that is the fastest way into
 * SQLite, and far cheaper than building a query text per batch.
 */
export function insertObservations<K extends RecordKind>(
  orm: Orm,
  store: RecordStore<K>,
  runId: number,
  rows: ReadonlyArray<KeyedRecord<K>>,
): number {
  if (rows.length === 0) return 0;
  const names = Object.keys(store.columns(rows[0]!.record));
  const columns = ['run_id', 'key', 'hash', 'record', ...names];
  const insert = orm.$client.prepare(
    `insert into ${identifier(store.table)} (${columns.map(identifier).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  );
  for (const row of rows) {
    const typed = store.columns(row.record);
    insert.run(runId, row.key, row.hash, JSON.stringify(row.record), ...names.map((name) => bindable(typed[name] ?? null)));
  }
  return rows.length;
}

/** key → content hash of one run, for the new/changed/unchanged comparison. */
export function observationHashes(orm: Orm, store: RecordStore, runId: number): Map<string, string> {
  const rows = orm.all<{ key: string; hash: string }>(sql`select key, hash from ${sql.identifier(store.table)} where run_id = ${runId}`);
  return new Map(rows.map((r) => [r.key, r.hash]));
}

/** The records of one run, in the shape of today (see `RecordStore.upgrade`). */
export function readObservations<K extends RecordKind>(orm: Orm, store: RecordStore<K>, runId: number): Array<RecordKinds[K]> {
  const upgrade = store.upgrade ?? ((record: RecordKinds[K]) => record);
  return orm
    .all<{ record: string }>(sql`select record from ${sql.identifier(store.table)} where run_id = ${runId}`)
    .map((r) => upgrade(JSON.parse(r.record) as RecordKinds[K]));
}

/** SQLite has no boolean: true and false are stored as 1 and 0, as drizzle's boolean columns do. */
function bindable(value: ColumnValue): Exclude<ColumnValue, boolean> | number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** Table and column names come from source declarations; quoted all the same. */
function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
