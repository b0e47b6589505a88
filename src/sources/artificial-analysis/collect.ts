import { ParetoError } from '../../errors.js';
import type { AaModelRecord, DroppedRecord } from '../types.js';
import { parseAaRow } from './normalize.js';

/**
 * Gathers rows across pages: validates each, keeps the first row of every AA id (a row can move
 * between pages while we read them), and counts what was dropped and why.
 */
export interface AaRowCollector {
  add(rows: readonly unknown[], indexVersion: number | null, where: string): void;
  readonly records: AaModelRecord[];
  readonly dropped: DroppedRecord[];
  /** Rows seen and rows that failed the row schema (duplicates are not failures). */
  readonly counts: { rows: number; invalid: number };
}

export function createAaRowCollector(): AaRowCollector {
  const seen = new Map<string, string>();
  const records: AaModelRecord[] = [];
  const dropped: DroppedRecord[] = [];
  const counts = { rows: 0, invalid: 0 };
  return {
    records,
    dropped,
    counts,
    add(rows, indexVersion, where) {
      rows.forEach((raw, i) => {
        counts.rows++;
        const outcome = parseAaRow(raw, indexVersion, `${where} row ${i + 1}`);
        if (!outcome.ok) {
          counts.invalid++;
          dropped.push(outcome.dropped);
          return;
        }
        const first = seen.get(outcome.record.aaId);
        if (first !== undefined) {
          dropped.push({ key: outcome.record.aaId, reason: `duplicate id (${where} row ${i + 1}); the row from ${first} is kept` });
          return;
        }
        seen.set(outcome.record.aaId, `${where} row ${i + 1}`);
        records.push(outcome.record);
      });
    },
  };
}

/**
 * A few bad rows are AA's data; most rows failing is AA's schema having moved (say, `id`
 * renamed). Then nothing is kept: storing the survivors would skew every percentile.
 */
export function assertMostRowsValid(source: string, url: string, collector: AaRowCollector): void {
  const { rows, invalid } = collector.counts;
  if (rows === 0 || invalid * 2 <= rows) return;
  const example = collector.dropped[0];
  throw new ParetoError('schema', `${source}: ${invalid} of ${rows} rows from ${url} fail the row schema (schema drift)${example ? `; first: ${example.key} ${example.reason}` : ''}`, {
    hint: 'the shape has changed; nothing was stored. Update the source schema (see the source readme)',
  });
}

/** An empty list would wipe the field; it is a failure, never "no models today". */
export function assertNotEmpty(source: string, url: string, collector: AaRowCollector): void {
  if (collector.counts.rows > 0) return;
  throw new ParetoError('empty', `${source}: ${url} returned an empty model list`, {
    hint: 'no rows came back; nothing was stored and the last good data is kept. Try again later',
  });
}

/** Every row without a coding index means the key was renamed: the field would silently be empty. */
export function assertSomeCodingIndex(source: string, url: string, records: readonly AaModelRecord[]): void {
  if (records.length === 0 || records.some((r) => r.codingIndex !== null)) return;
  throw new ParetoError('schema', `${source}: none of the ${records.length} rows from ${url} has evaluations.artificial_analysis_coding_index (schema drift)`, {
    hint: 'the coding index key has moved; nothing was stored. Update the source schema (see the source readme)',
  });
}
