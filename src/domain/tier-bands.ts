import { ParetoError } from '../errors.js';

/** Lowest percentile (inclusive) of each tier. Decision (SPEC §4.3): the low tier must beat AA's median. */
export interface TierBands {
  readonly high: number;
  readonly medium: number;
  readonly low: number;
}

export const DEFAULT_BANDS: TierBands = Object.freeze({ high: 95, medium: 85, low: 50 });

/** Bands must be integers in 0..100 and strictly descending, or tiers would overlap or vanish. */
export function validateBands(bands: TierBands, origin: string): TierBands {
  for (const name of ['high', 'medium', 'low'] as const) {
    const v = bands[name];
    if (!Number.isInteger(v) || v < 0 || v > 100) {
      throw new ParetoError('config', `${origin}: the ${name} band must be an integer percentile 0..100, got ${v}`);
    }
  }
  if (!(bands.high > bands.medium && bands.medium > bands.low)) {
    throw new ParetoError('config', `${origin}: bands must descend (high > medium > low), got ${bands.high}/${bands.medium}/${bands.low}`);
  }
  return bands;
}
