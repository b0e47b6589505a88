import type { TierName } from '../artifact/schema.js';
import type { TierBands } from '../domain/tier-bands.js';

// The bands are configuration as much as curation, so they live in src/domain; curation reads them.
export { DEFAULT_BANDS, validateBands, type TierBands } from '../domain/tier-bands.js';

export function tierFor(percentile: number, bands: TierBands): TierName | null {
  if (percentile >= bands.high) return 'high';
  if (percentile >= bands.medium) return 'medium';
  if (percentile >= bands.low) return 'low';
  return null;
}
