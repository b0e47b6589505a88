import { ParetoError } from '../../errors.js';
import { assertMostRowsValid as assertMostValid, assertNotEmpty, createRowCollector, type RowCollector } from '../row-collector.js';
import type { AaModelRecord } from '../types.js';
import { parseAaRow } from './to-record.js';

/** AA rows keyed by AA's stable UUID; the index version travels with each page. */
export interface AaRowCollector extends RowCollector<AaModelRecord> {
  addPage(rows: readonly unknown[], indexVersion: number | null, where: string): void;
}

export function createAaRowCollector(): AaRowCollector {
  const collector = createRowCollector<AaModelRecord>((r) => r.aaId);
  return Object.assign(collector, {
    addPage(rows: readonly unknown[], indexVersion: number | null, where: string) {
      collector.add(rows, where, (raw, here) => parseAaRow(raw, indexVersion, here));
    },
  });
}

export { assertNotEmpty };

export function assertMostRowsValid(source: string, url: string, collector: AaRowCollector): void {
  assertMostValid(source, url, collector, 'src/sources/artificial-analysis/schema.ts');
}

/** Every row without a coding index means the key was renamed: the field would silently be empty. */
export function assertSomeCodingIndex(source: string, url: string, records: readonly AaModelRecord[]): void {
  if (records.length === 0 || records.some((r) => r.codingIndex !== null)) return;
  throw new ParetoError(
    'schema',
    `none of the ${records.length} rows from ${url} has evaluations.artificial_analysis_coding_index (schema drift)`,
    { source, hint: 'the coding index key has moved; nothing was stored. Update the source schema (see the source readme)' },
  );
}
