import { TIER_NAMES, type Shortlist, type ShortlistContent } from './schema.js';

/** Why a publish was refused; `--force` publishes anyway. */
export interface Refusal {
  readonly code: 'empty-tier' | 'mass-removal' | 'index-version' | 'field-source';
  readonly message: string;
}

/**
 * A shortlist is what routes real traffic, so some changes are refused unless forced: an empty
 * tier (requests would silently step to another tier), more than half of the entries gone at
 * once (usually a broken source, not a market move), and a change of AA index version or of the
 * field (scores of two scales are not comparable; a person should look first).
 */
export function checkGuardrails(previous: Shortlist | undefined, next: ShortlistContent): Refusal[] {
  const refusals: Refusal[] = [];
  for (const tier of TIER_NAMES) {
    if (next.tiers[tier].entries.length === 0) {
      refusals.push({ code: 'empty-tier', message: `the ${tier} tier would be empty, so requests for it would all step to a neighbouring tier; --force publishes it with the tier empty` });
    }
  }
  if (!previous) return refusals;
  const before = new Set(TIER_NAMES.flatMap((t) => previous.tiers[t].entries.map((e) => e.id)));
  const after = new Set(TIER_NAMES.flatMap((t) => next.tiers[t].entries.map((e) => e.id)));
  const gone = [...before].filter((id) => !after.has(id));
  if (gone.length * 2 > before.size) {
    refusals.push({ code: 'mass-removal', message: `${gone.length} of the ${before.size} entries of version ${previous.version} would disappear (more than half), which usually means a source broke; --force publishes the smaller shortlist` });
  }
  if (previous.field.source !== next.field.source) {
    refusals.push({ code: 'field-source', message: `the field changes from ${previous.field.source} to ${next.field.source}; the two score sets are not comparable; --force starts the new field, and percentiles restart from it` });
  } else if (previous.field.indexVersion !== next.field.indexVersion) {
    refusals.push({ code: 'index-version', message: `the AA index version changes from ${previous.field.indexVersion ?? 'unknown'} to ${next.field.indexVersion ?? 'unknown'}; AA re-scores every model on a new version; --force starts a new field on the new scores` });
  }
  return refusals;
}
