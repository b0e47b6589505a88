import type { KeyedRecord } from '../db/queries/observations.js';
import type { RecordKind, RecordKinds } from '../sources/types.js';
import { contentHash } from '../util/canonical-json.js';

/** The natural key of a record: what identifies "the same row" from one run to the next. */
export function naturalKey<K extends RecordKind>(kind: K, record: RecordKinds[K]): string {
  switch (kind) {
    case 'aa-model':
      // AA re-points bare slugs to newer snapshots; only the UUID is stable.
      return (record as RecordKinds['aa-model']).aaId;
    case 'openrouter-model':
      return (record as RecordKinds['openrouter-model']).modelId;
    default: {
      const r = record as RecordKinds['openrouter-endpoint'];
      return `${r.modelId}|${r.tag}`;
    }
  }
}

/**
 * Keys and hashes every record. OpenRouter really does list the same provider tag twice for one
 * model (two Together rows for gemma-4-31b-it at different prices), so repeats get `#2`, `#3`.
 */
export function keyRecords<K extends RecordKind>(kind: K, records: ReadonlyArray<RecordKinds[K]>): Array<KeyedRecord<K>> {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const base = naturalKey(kind, record);
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
