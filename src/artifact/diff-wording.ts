import type { Chain } from './chains.js';
import type { KeyChange, Scalar, ShortlistDiff } from './diff.js';

/** Wording shared by the text and Markdown renderings, so the two never disagree. */

export function headline(diff: ShortlistDiff): string {
  const parts = summaryParts(diff);
  return `shortlist ${diff.from.version} → ${diff.to.version}: ${parts.length === 0 ? 'no differences' : parts.join(', ')}`;
}

/** Non-zero counts, most routing-relevant first. */
export function summaryParts(diff: ShortlistDiff): string[] {
  const sum = (byTier: ShortlistDiff['entriesAdded']) => Object.values(byTier).reduce((n, list) => n + list.length, 0);
  const primaries = diff.primaryChanges.filter((c) => c.from.primary !== c.to.primary).length;
  const counts: [number, string, string][] = [
    [sum(diff.entriesAdded), 'added', 'added'],
    [sum(diff.entriesRemoved), 'removed', 'removed'],
    [diff.tierMoves.length, 'moved', 'moved'],
    [primaries, 'primary changed', 'primaries changed'],
    [diff.primaryChanges.length - primaries, 'fallback change', 'fallback changes'],
    [diff.percentileMoves.length, 'percentile move', 'percentile moves'],
    [diff.priceChanges.length, 'price change', 'price changes'],
    [diff.throughputChanges.length, 'throughput change', 'throughput changes'],
    [diff.availabilityChanges.length, 'availability change', 'availability changes'],
    [diff.frontierChanges.added.length + diff.frontierChanges.removed.length, 'frontier change', 'frontier changes'],
    [diff.fieldChanges.length, 'field change', 'field changes'],
    [diff.ruleChanges.length, 'rule change', 'rule changes'],
    [diff.exclusionChanges.added.length + diff.exclusionChanges.removed.length, 'exclusion change', 'exclusion changes'],
    [diff.unmatchedChanges.added.length + diff.unmatchedChanges.removed.length, 'unmatched change', 'unmatched changes'],
    [diff.otherEntryChanges.length, 'other entry change', 'other entry changes'],
  ];
  return counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
}

export function indexVersionChange(diff: ShortlistDiff): KeyChange | undefined {
  return diff.fieldChanges.find((c) => c.key === 'indexVersion');
}

/** Scores from two AA index versions live on different scales; a reader must not compare them. */
export function indexVersionNotice(change: KeyChange): string {
  return `AA index version changed ${scalar(change.from)} → ${scalar(change.to)}: coding scores and percentiles of different index versions are not comparable`;
}

export function price(value: number | null): string {
  return value === null ? 'unknown' : `$${value}`;
}

export function throughput(value: number | null): string {
  return value === null ? 'unknown' : `${value} tok/s`;
}

export function pct(value: number | null): string {
  return value === null ? '' : `${value > 0 ? '+' : ''}${value}%`;
}

export function availability(value: boolean): string {
  return value ? 'available' : 'unavailable';
}

export function chain(value: Chain): string {
  if (value.primary === null) return '(none available)';
  return value.fallbacks.length === 0 ? value.primary : `${value.primary} [${value.fallbacks.join(', ')}]`;
}

export function scalar(value: Scalar): string {
  return value === null ? 'null' : String(value);
}

/** An exclusion's effort is null both for "every effort" and "the default effort", so show the model alone. */
export function exclusionLabel(exclusion: { model: string; effort?: string | null | undefined }): string {
  if (exclusion.effort === undefined) return `${exclusion.model} (every effort)`;
  return `${exclusion.model}@${exclusion.effort ?? 'default'}`;
}
