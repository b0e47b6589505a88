import type { Shortlist, ShortlistContent } from './schema.js';

/** Refused unless forced: the scored field lost more than a tenth of its rows since the last version. */
export interface FieldShrinkRefusal {
  readonly code: 'field-shrink';
  readonly message: string;
}

/**
 * The field (the AA rows percentiles are computed over) grows by a few models a week; losing a
 * tenth of it at once means rows went missing upstream (a drifted page, a partial answer), and
 * every percentile and tier computed from the rest would move. Kept apart from the other
 * guardrails: it compares field sizes, not entries.
 */
export const MAX_FIELD_SHRINK = 0.1;

export function checkFieldShrink(previous: Shortlist | undefined, next: ShortlistContent): FieldShrinkRefusal[] {
  if (!previous || previous.field.source !== next.field.source) return [];
  const before = previous.field.size;
  const after = next.field.size;
  if (before === 0 || before - after <= MAX_FIELD_SHRINK * before) return [];
  return [
    {
      code: 'field-shrink',
      message: `the field shrinks from ${before} to ${after} rows since version ${previous.version} (more than ${MAX_FIELD_SHRINK * 100}% gone), which usually means a source lost rows; check \`pareto runs\` for dropped rows; --force publishes from the smaller field`,
    },
  ];
}
