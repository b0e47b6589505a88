import { tierChain, VARIANTS, type Variant } from '../artifact/chains.js';
import { TIER_NAMES, type Shortlist, type TierName } from '../artifact/schema.js';

/**
 * What the history section needs of each published version: small enough to keep hundreds in
 * memory, so the caller can load one artifact at a time and drop it.
 */
export interface VersionSummary {
  readonly version: number;
  readonly createdAt: string;
  readonly contentHash: string;
  readonly entries: Readonly<Record<TierName, number>>;
  readonly primaries: Readonly<Record<TierName, Readonly<Record<Variant, string | null>>>>;
}

/** A run of consecutive versions that had the same primary. */
export interface PrimarySpan {
  readonly primary: string | null;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly since: string;
}

export function summarizeVersion(shortlist: Shortlist): VersionSummary {
  const entries = Object.fromEntries(TIER_NAMES.map((t) => [t, shortlist.tiers[t].entries.length])) as Record<TierName, number>;
  const primaries = Object.fromEntries(
    TIER_NAMES.map((t) => [t, Object.fromEntries(VARIANTS.map((v) => [v, tierChain(shortlist.tiers[t], v).primary]))]),
  ) as VersionSummary['primaries'];
  return { version: shortlist.version, createdAt: shortlist.createdAt, contentHash: shortlist.contentHash, entries, primaries };
}

/** Oldest first: which entry was the primary of (tier, variant) from which version to which. */
export function primarySpans(history: readonly VersionSummary[], tier: TierName, variant: Variant): PrimarySpan[] {
  const spans: PrimarySpan[] = [];
  for (const v of [...history].sort((a, b) => a.version - b.version)) {
    const primary = v.primaries[tier][variant];
    const last = spans.at(-1);
    if (last && last.primary === primary) spans[spans.length - 1] = { ...last, toVersion: v.version };
    else spans.push({ primary, fromVersion: v.version, toVersion: v.version, since: v.createdAt });
  }
  return spans;
}
