import { sql, type SQL } from 'drizzle-orm';
import type { ColumnValue, RecordKind, RecordKinds, RecordStore } from '../../sources/types.js';
import type { Orm } from '../open.js';

/** A normalised record ready to store: its natural key and content hash are computed by the pipeline. */
export interface KeyedRecord<K extends RecordKind> {
  readonly key: string;
  readonly hash: string;
  readonly record: RecordKinds[K];
}

// SQLite caps bound parameters per statement; 100 rows × ~12 columns stays well inside it.
const CHUNK = 100;

/**
 * Every kind is stored the same way, in the table its store names: the full record as JSON next
 * to the typed columns the store lists (kept for history queries without json_extract).
 */
export function insertObservations<K extends RecordKind>(
  orm: Orm,
  store: RecordStore<K>,
  runId: number,
  rows: ReadonlyArray<KeyedRecord<K>>,
): number {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const typed = chunk.map((row) => store.columns(row.record));
    const names = Object.keys(typed[0]!);
    const values = chunk.map((row, n) =>
      list([runId, row.key, row.hash, JSON.stringify(row.record), ...names.map((name) => typed[n]![name] ?? null)].map(bind)),
    );
    const columns = ['run_id', 'key', 'hash', 'record', ...names].map((name) => sql.identifier(name));
    orm.run(sql`insert into ${sql.identifier(store.table)} ${list(columns)} values ${sql.join(values, sql`, `)}`);
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
function bind(value: ColumnValue | number): SQL {
  return sql`${typeof value === 'boolean' ? (value ? 1 : 0) : value}`;
}

function list(items: Parameters<typeof sql.join>[0]): SQL {
  return sql`(${sql.join(items, sql`, `)})`;
}
