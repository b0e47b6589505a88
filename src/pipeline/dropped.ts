import { ParetoError } from '../errors.js';
import type { DropKind, DroppedRecord, SourceResult } from '../sources/types.js';

/** Dropped rows counted by why they were dropped (only the kinds that occurred). */
export type DroppedCounts = Partial<Record<DropKind, number>>;

export function countDropped(dropped: readonly DroppedRecord[]): DroppedCounts {
  const counts: DroppedCounts = {};
  for (const d of dropped) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
  return counts;
}

/** "3 schema, 1 duplicate" */
export function formatDropped(counts: DroppedCounts): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/**
 * Rows failing the schema beyond `maxShare` of what a source returned mean its shape moved for
 * part of the answer (one page of three, say): storing the rest would publish a field with a
 * hole in it, so the run fails instead. Duplicates and delisted models are not drift.
 */
export function assertDroppedShare(source: string, result: SourceResult, maxShare: number): void {
  const read = result.records.length + result.dropped.length;
  const schema = result.dropped.filter((d) => d.kind === 'schema');
  if (read === 0 || schema.length <= maxShare * read) return;
  const first = schema[0]!;
  throw new ParetoError(
    'schema',
    `${schema.length} of ${read} rows (${percent(schema.length / read)}) fail the row schema, more than PARETO_MAX_DROPPED_SHARE (${percent(maxShare)}) (schema drift); first: ${first.key} ${first.reason}`,
    {
      source,
      hint: 'nothing was stored and the last good data is kept; if the source changed its shape, update its schema; to accept the loss, raise PARETO_MAX_DROPPED_SHARE',
    },
  );
}

/** The warning a successful run with dropped rows logs and prints. */
export function droppedWarning(source: string, result: SourceResult): string | undefined {
  if (result.dropped.length === 0) return undefined;
  const read = result.records.length + result.dropped.length;
  const first = result.dropped[0]!;
  return `${source}: dropped ${result.dropped.length} of ${read} rows (${formatDropped(countDropped(result.dropped))}); first: ${first.key} ${first.reason}`;
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
