import type { KeyedRecord } from '../db/queries/observations.js';
import type { RecordKind, RecordKinds, RecordStore } from '../sources/types.js';
import { contentHash } from '../util/canonical-json.js';

/**
 * Keys and hashes every record by its kind's natural key (what identifies "the same row" from one
 * run to the next). OpenRouter really does list the same provider tag twice for one model (two
 * Together rows for gemma-4-31b-it at different prices), so repeats get `#2`, `#3`.
 */
export function keyRecords<K extends RecordKind>(store: RecordStore<K>, records: ReadonlyArray<RecordKinds[K]>): Array<KeyedRecord<K>> {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const base = store.naturalKey(record);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { key: n === 1 ? base : `${base}#${n}`, hash: contentHash(record), record };
  });
}

export interface ChangeCounts {
  readonly rowsNew: number;
  readonly rowsChanged: number;
  readonly rowsUnchanged: number;
  readonly rowsRemoved: number;
}

/** New, changed and unchanged rows against the previous successful run of the same source. */
export function compareWithPrevious(
  current: ReadonlyArray<{ key: string; hash: string }>,
  previous: ReadonlyMap<string, string>,
): ChangeCounts {
  let rowsNew = 0;
  let rowsChanged = 0;
  let rowsUnchanged = 0;
  const currentKeys = new Set<string>();
  for (const { key, hash } of current) {
    currentKeys.add(key);
    const before = previous.get(key);
    if (before === undefined) rowsNew++;
    else if (before === hash) rowsUnchanged++;
    else rowsChanged++;
  }
  let rowsRemoved = 0;
  for (const key of previous.keys()) if (!currentKeys.has(key)) rowsRemoved++;
  return { rowsNew, rowsChanged, rowsUnchanged, rowsRemoved };
}
