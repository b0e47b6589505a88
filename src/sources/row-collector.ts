import { ParetoError } from '../errors.js';
import type { DroppedRecord } from './types.js';

/** What a per-row parser returns: the record, or why the row was dropped. */
export type RowOutcome<R> = { readonly ok: true; readonly record: R } | { readonly ok: false; readonly dropped: DroppedRecord };

/**
 * Gathers rows across pages, lenient per row: each is validated on its own, the first row of
 * every id is kept (a row can move between pages while they are read), and what was dropped is
 * counted with its reason.
 */
export interface RowCollector<R> {
  add(rows: readonly unknown[], where: string, parse: (raw: unknown, here: string) => RowOutcome<R>): void;
  readonly records: R[];
  readonly dropped: DroppedRecord[];
  /** Rows seen and rows that failed the row schema (duplicates are not failures). */
  readonly counts: { rows: number; invalid: number };
}

export function createRowCollector<R>(keyOf: (record: R) => string): RowCollector<R> {
  const seen = new Map<string, string>();
  const records: R[] = [];
  const dropped: DroppedRecord[] = [];
  const counts = { rows: 0, invalid: 0 };
  return {
    records,
    dropped,
    counts,
    add(rows, where, parse) {
      rows.forEach((raw, i) => {
        counts.rows++;
        const here = `${where} row ${i + 1}`;
        const outcome = parse(raw, here);
        if (!outcome.ok) {
          counts.invalid++;
          dropped.push(outcome.dropped);
          return;
        }
        const key = keyOf(outcome.record);
        const first = seen.get(key);
        if (first !== undefined) {
          dropped.push({ key, reason: `duplicate id (${here}); the row from ${first} is kept` });
          return;
        }
        seen.set(key, here);
        records.push(outcome.record);
      });
    },
  };
}

/** An empty list would wipe the data (every model "delisted"); it is a failure, never "nothing today". */
export function assertNotEmpty(source: string, url: string, collector: RowCollector<unknown>): void {
  if (collector.counts.rows > 0) return;
  throw new ParetoError('empty', `${source}: ${url} returned an empty model list`, {
    hint: 'no rows came back; nothing was stored and the last good data is kept. Try again later',
  });
}

/**
 * A few bad rows are the provider's data; most rows failing is its schema having moved (say,
 * `id` renamed). Then nothing is kept: storing the survivors would skew everything built on them.
 */
export function assertMostRowsValid(source: string, url: string, collector: RowCollector<unknown>, schemaFile: string): void {
  const { rows, invalid } = collector.counts;
  if (rows === 0 || invalid * 2 <= rows) return;
  const example = collector.dropped[0];
  throw new ParetoError('schema', `${source}: ${invalid} of ${rows} rows from ${url} fail the row schema (schema drift)${example ? `; first: ${example.key} ${example.reason}` : ''}`, {
    hint: `the shape has changed; nothing was stored. Update ${schemaFile} (see the readme beside it)`,
  });
}
