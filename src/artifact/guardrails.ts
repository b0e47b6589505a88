import { checkFieldMoveFloor } from './field-move-floor.js';
import { TIER_NAMES, type Shortlist, type ShortlistContent } from './schema.js';

/** Why a publish was refused; `--force` publishes anyway. */
export interface Refusal {
  readonly code: 'empty-tier' | 'mass-removal' | 'index-version' | 'field-source' | 'field-move-floor';
  readonly message: string;
}

/**
 * A shortlist is what routes real traffic, so some changes are refused unless forced: an empty
 * tier (requests would silently step to another tier), more than half of the models gone at
 * once (usually a broken source, not a market move), a change of AA index version, and a fall
 * back from AA's own scores to OpenRouter's republished ones (scores of two scales are not
 * comparable; a person should look first). The move the other way, to AA's scores, has its own
 * floor (field-move-floor.ts).
 */
export function checkGuardrails(previous: Shortlist | undefined, next: ShortlistContent): Refusal[] {
  const refusals: Refusal[] = [];
  for (const tier of TIER_NAMES) {
    if (next.tiers[tier].entries.length === 0) {
      refusals.push({
        code: 'empty-tier',
        message: `the ${tier} tier would be empty, so requests for it would all step to a neighbouring tier; --force publishes it with the tier empty`,
      });
    }
  }
  if (!previous) return refusals;
  if (previous.field.source !== next.field.source) {
    // From OpenRouter's republished indices to AA's own rows is the expected first step of a new
    // deployment (its first OpenRouter sync publishes before the nightly AA sync): every entry
    // changes by design, so neither this nor the removal count is a sign of breakage (only a move
    // that keeps fewer than half of the models is: the floor below). The other
    // way means the AA data went away, which a person should look at.
    if (next.field.source === 'openrouter-benchmarks') {
      refusals.push({
        code: 'field-source',
        message: `the field changes from ${previous.field.source} to ${next.field.source}; the two score sets are not comparable; --force starts the new field, and percentiles restart from it`,
      });
    }
    const floor = checkFieldMoveFloor(previous, next);
    if (floor) refusals.push(floor);
    return refusals;
  }
  // Counted by model: the same model at another effort is not gone.
  const before = new Set(TIER_NAMES.flatMap((t) => previous.tiers[t].entries.map((e) => e.model)));
  const after = new Set(TIER_NAMES.flatMap((t) => next.tiers[t].entries.map((e) => e.model)));
  const gone = [...before].filter((model) => !after.has(model));
  if (gone.length * 2 > before.size) {
    refusals.push({
      code: 'mass-removal',
      message: `${gone.length} of the ${before.size} models of version ${previous.version} would disappear (more than half), which usually means a source broke; --force publishes the smaller shortlist`,
    });
  }
  if (previous.field.indexVersion !== next.field.indexVersion) {
    refusals.push({
      code: 'index-version',
      message: `the AA index version changes from ${previous.field.indexVersion ?? 'unknown'} to ${next.field.indexVersion ?? 'unknown'}; AA re-scores every model on a new version; --force starts a new field on the new scores`,
    });
  }
  return refusals;
}
