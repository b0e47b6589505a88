import { TIER_NAMES, type Entry, type ShortlistContent, type TierName } from './schema.js';

/**
 * The routing chain of each (tier, variant) of one artifact: the primary and the two same-tier
 * fallbacks (SPEC §6.3–6.5). The artifact ships each tier already ordered by price and by
 * throughput, so a chain is a filtered walk over one of those lists — never a sort.
 */
export const VARIANTS = ['default', 'nitro'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Primary plus two fallbacks. */
export const CHAIN_LENGTH = 3;

export type ShortlistTier = ShortlistContent['tiers'][TierName];

export interface Chain {
  readonly primary: string | null;
  readonly fallbacks: readonly string[];
}

export interface TierChain extends Chain {
  readonly tier: TierName;
  readonly variant: Variant;
}

/** The first `length` available entries of a tier in the variant's order, primary first. */
export function chainEntries(tier: ShortlistTier, variant: Variant, length: number = CHAIN_LENGTH): Entry[] {
  const chain: Entry[] = [];
  if (length <= 0) return chain;
  for (const entry of variant === 'nitro' ? throughputOrder(tier) : tier.entries) {
    if (!entry.available) continue;
    chain.push(entry);
    if (chain.length === length) break;
  }
  return chain;
}

/** The chain of one (tier, variant) as entry ids. */
export function tierChain(tier: ShortlistTier, variant: Variant): Chain {
  const [primary, ...fallbacks] = chainEntries(tier, variant).map((entry) => entry.id);
  return { primary: primary ?? null, fallbacks };
}

/** Every (tier, variant) chain, tiers high → low, `default` before `nitro`. */
export function tierChains(shortlist: Pick<ShortlistContent, 'tiers'>): TierChain[] {
  return TIER_NAMES.flatMap((tier) => VARIANTS.map((variant) => ({ tier, variant, ...tierChain(shortlist.tiers[tier], variant) })));
}

function throughputOrder(tier: ShortlistTier): Entry[] {
  const byId = new Map(tier.entries.map((entry) => [entry.id, entry]));
  // An id the throughput list names but the entries lack cannot be routed to; skip it rather
  // than fail, since loading has already validated the artifact as a whole.
  return tier.byThroughput.flatMap((id) => byId.get(id) ?? []);
}
