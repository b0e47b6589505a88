import type { AaModelRecord, OpenRouterModelRecord } from '../../domain/records.js';

/**
 * The cross-check against the AA indices OpenRouter republishes on its models
 * (`benchmarks.artificial_analysis`). OpenRouter attaches to each model the scores of one AA row
 * of that model, so when a candidate carries them, the AA model being matched (its family: the
 * rows of all its efforts, same slug base and same display name) must contain a row with the same
 * coding index, and with the same intelligence index when OpenRouter gives one. On the 2026-08 captures the pair agreed for every
 * OpenRouter model whose coding index appears in AA at all.
 *
 * It only ever confirms or rejects a candidate that matching already found; it never makes one.
 * Coding indices coincide between unrelated models now and then (one decimal, 0–80), which is why
 * a lone confirmation is not enough to create a match.
 */
export type IndexCheck = 'confirmed' | 'contradicted' | 'unverifiable';

const EPSILON = 1e-6;

function same(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) < EPSILON;
}

export function checkIndex(model: OpenRouterModelRecord, family: readonly AaModelRecord[]): IndexCheck {
  const coding = model.aaCodingIndex;
  if (coding === null) return 'unverifiable';
  const scored = family.filter((row) => row.codingIndex !== null);
  // AA never scored this model on the coding index: OpenRouter's value cannot be checked here.
  if (scored.length === 0) return 'unverifiable';
  const agrees = scored.some(
    (row) =>
      same(row.codingIndex, coding) &&
      (model.aaIntelligenceIndex === null || row.intelligenceIndex === null || same(row.intelligenceIndex, model.aaIntelligenceIndex)),
  );
  return agrees ? 'confirmed' : 'contradicted';
}

/** "coding 59.4; AA rows score 68.8": the evidence, for a reason text. */
export function describeIndex(model: OpenRouterModelRecord, family: readonly AaModelRecord[]): string {
  const values = [...new Set(family.map((row) => row.codingIndex).filter((value) => value !== null))];
  return `OpenRouter's AA coding index for ${model.modelId} is ${model.aaCodingIndex ?? 'absent'}; this AA model's rows score ${values.length ? values.join(', ') : 'none'}`;
}

/** How far OpenRouter's republished indices agree with this AA snapshot as a whole. */
export interface IndexAgreement {
  /** OpenRouter models (matchable ones) that carry an AA coding index. */
  readonly checked: number;
  /** Of those, how many carry a (coding, intelligence) pair that some AA row has. */
  readonly agreeing: number;
  /** Whether row-level checks are meaningful: most pairs agree. */
  readonly comparable: boolean;
}

/**
 * AA re-scores every model when it re-versions an index, and OpenRouter republishes on its own
 * schedule, so an AA snapshot and an OpenRouter snapshot taken weeks apart disagree on nearly
 * every value (2026-08-21 AA vs 2026-07-22 OpenRouter: 21 of 108 agree; same-day pairs: all
 * agree). Row checks against incomparable snapshots would reject every correct match, so they are
 * used only when at least MIN_AGREEMENT of OpenRouter's values occur in the AA snapshot.
 */
export const MIN_AGREEMENT = 0.8;

export function indexAgreement(aaRows: readonly AaModelRecord[], models: readonly OpenRouterModelRecord[]): IndexAgreement {
  const rowsByCoding = new Map<number, AaModelRecord[]>();
  for (const row of aaRows)
    if (row.codingIndex !== null) rowsByCoding.set(row.codingIndex, [...(rowsByCoding.get(row.codingIndex) ?? []), row]);
  let checked = 0;
  let agreeing = 0;
  for (const model of models) {
    if (model.aaCodingIndex === null) continue;
    checked += 1;
    if (checkIndex(model, rowsByCoding.get(model.aaCodingIndex) ?? []) === 'confirmed') agreeing += 1;
  }
  return { checked, agreeing, comparable: checked > 0 && agreeing / checked >= MIN_AGREEMENT };
}
