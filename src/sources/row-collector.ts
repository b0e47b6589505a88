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
  /** The same counts per page (the `where` each batch was added with). */
  readonly pages: ReadonlyMap<string, { rows: number; invalid: number }>;
}

export function createRowCollector<R>(keyOf: (record: R) => string): RowCollector<R> {
  const seen = new Map<string, string>();
  const records: R[] = [];
  const dropped: DroppedRecord[] = [];
  const counts = { rows: 0, invalid: 0 };
  const pages = new Map<string, { rows: number; invalid: number }>();
  return {
    records,
    dropped,
    counts,
    pages,
    add(rows, where, parse) {
      const page = pages.get(where) ?? { rows: 0, invalid: 0 };
      pages.set(where, page);
      rows.forEach((raw, i) => {
        counts.rows++;
        page.rows++;
        const here = `${where} row ${i + 1}`;
        const outcome = parse(raw, here);
        if (!outcome.ok) {
          counts.invalid++;
          if (outcome.dropped.kind === 'schema') page.invalid++;
          dropped.push(outcome.dropped);
          return;
        }
        const key = keyOf(outcome.record);
        const first = seen.get(key);
        if (first !== undefined) {
          dropped.push({ key, kind: 'duplicate', reason: `duplicate id (${here}); the row from ${first} is kept` });
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
  throw new ParetoError('empty', `${url} returned an empty model list`, {
    source,
    hint: 'no rows came back; nothing was stored and the last good data is kept. Try again later',
  });
}

/**
 * A few bad rows are the provider's data; most rows failing, or every row of one page, is its
 * schema having moved (say, `id` renamed, or one server of a pool on a new version). Then nothing
 * is kept: storing the survivors would skew everything built on them. (The pipeline also fails a
 * run past PARETO_MAX_DROPPED_SHARE; this check holds for the parsers on their own.)
 */
export function assertMostRowsValid(source: string, url: string, collector: RowCollector<unknown>, schemaFile: string): void {
  const { rows, invalid } = collector.counts;
  const example = collector.dropped.find((d) => d.kind === 'schema');
  const first = example ? `; first: ${example.key} ${example.reason}` : '';
  const hint = `the shape has changed; nothing was stored. Update ${schemaFile} (see the readme beside it)`;
  if (rows > 0 && invalid * 2 > rows) {
    throw new ParetoError('schema', `${invalid} of ${rows} rows from ${url} fail the row schema (schema drift)${first}`, { source, hint });
  }
  if (collector.pages.size < 2) return;
  for (const [where, page] of collector.pages) {
    if (page.rows === 0 || page.invalid < page.rows) continue;
    throw new ParetoError(
      'schema',
      `every row of ${where} (${page.rows}) from ${url} fails the row schema (schema drift on one page)${first}`,
      { source, hint },
    );
  }
}
