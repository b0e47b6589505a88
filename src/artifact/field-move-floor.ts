import { TIER_NAMES, type Shortlist, type ShortlistContent } from './schema.js';

/** Why a field move was refused; the code is one of the guardrails' (see guardrails.ts). */
export interface FieldMoveRefusal {
  readonly code: 'field-move-floor';
  readonly message: string;
}

function modelsOf(tiers: ShortlistContent['tiers']): Set<string> {
  return new Set(TIER_NAMES.flatMap((tier) => tiers[tier].entries.map((entry) => entry.model)));
}

/**
 * The first AA sync of a deployment moves the field from OpenRouter's republished indices to
 * AA's own rows, and every entry may change by design (so the removal count does not apply).
 * A broken first AA sync (a handful of rows, or matching that finds few models) would still
 * empty the routes silently, so the move is refused when fewer than half of the previous
 * shortlist's models are in the new one. Counted by model: the same model at another effort
 * survives. `--force` publishes anyway.
 */
export function checkFieldMoveFloor(previous: Shortlist, next: ShortlistContent): FieldMoveRefusal | null {
  if (previous.field.source !== 'openrouter-benchmarks' || next.field.source !== 'artificial-analysis') return null;
  const before = modelsOf(previous.tiers);
  const after = modelsOf(next.tiers);
  const kept = [...before].filter((model) => after.has(model)).length;
  if (kept * 2 >= before.size) return null;
  return {
    code: 'field-move-floor',
    message: `the field moves from OpenRouter's indices to AA's scores, but only ${kept} of the ${before.size} models of version ${previous.version} stay (fewer than half), which usually means the first AA sync or its matching is broken; check \`pareto match --summary\`, then --force publishes the new field`,
  };
}
