import type { ShortlistContent, TierName } from '../artifact/schema.js';

export type ScoreThresholds = ShortlistContent['rules']['scoreThresholds'];

/**
 * min_coding_score → tier (SPEC §6.2), with the thresholds the artifact was published with, so
 * a resolve always agrees with the shortlist it reads. Omitted (null) → high.
 */
export function tierForScore(score: number | null, thresholds: ScoreThresholds): TierName {
  if (score === null || score >= thresholds.high) return 'high';
  return score >= thresholds.medium ? 'medium' : 'low';
}

/**
 * Where to go when a whole tier has no available entry (SPEC §6.6). Decision: keep the minimum
 * quality bar where possible, so medium tries high before low, and low climbs rather than fails.
 */
export const NEIGHBOURS: Readonly<Record<TierName, readonly TierName[]>> = Object.freeze({
  high: ['medium', 'low'],
  medium: ['high', 'low'],
  low: ['medium', 'high'],
});

/** The score range of a tier, for explain texts: "≥ 0.33 and < 0.66". */
export function scoreRange(tier: TierName, thresholds: ScoreThresholds): string {
  if (tier === 'high') return `≥ ${thresholds.high}`;
  if (tier === 'medium') return `≥ ${thresholds.medium} and < ${thresholds.high}`;
  return `< ${thresholds.medium}`;
}
