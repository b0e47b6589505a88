import { CHAIN_LENGTH, VARIANTS, chainEntries, type Variant } from '../artifact/chains.js';
import { TIER_NAMES, type Entry, type Shortlist, type TierName } from '../artifact/schema.js';
import { chainLine, routeExplain } from './explain.js';
import { buildCapPlan } from './max-price.js';
import type { PriceSource } from './plugin.js';
import type { CapPlan, ChainEntry, TierRoute } from './route-types.js';
import { NEIGHBOURS, scoreRange, type ScoreThresholds } from './score-tier.js';

/**
 * Everything a resolve needs, computed once per artifact (SPEC §6: "a resolve is a few lookups,
 * never a sort"). Per (variant, requested tier) the route is fixed by the artifact alone: which
 * tier serves it, whether that was a step, the ordered candidates and the chain. A request only
 * picks a route, then maybe swaps a sticky pin to the front.
 */

export interface Plan {
  readonly version: number;
  readonly thresholds: ScoreThresholds;
  /** null when no tier has an available entry: every tier-mode resolve is a 503. */
  readonly routes: Readonly<Record<Variant, Readonly<Record<TierName, TierRoute>>>> | null;
  readonly caps: Readonly<Record<PriceSource, CapPlan>>;
  /** Any entry of the artifact by id, for pins given as an entry id. */
  readonly entries: ReadonlyMap<string, ChainEntry>;
}

export function buildPlan(artifact: Shortlist): Plan {
  const shared = new Map<Entry, ChainEntry>();
  const chainEntry = (e: Entry): ChainEntry => {
    let out = shared.get(e);
    if (out === undefined) {
      out = Object.freeze({
        id: e.id,
        model: e.model,
        effort: e.effort,
        tier: e.tier,
        price: e.price.promptPerM,
        throughput: e.throughput.p50,
        percentile: e.percentile,
        providers: e.providers ?? null,
      });
      shared.set(e, out);
    }
    return out;
  };
  const ordered = (tier: TierName, variant: Variant) =>
    chainEntries(artifact.tiers[tier], variant, Number.POSITIVE_INFINITY).map(chainEntry);

  const entries = new Map<string, ChainEntry>();
  for (const tier of TIER_NAMES) for (const e of artifact.tiers[tier].entries) if (!entries.has(e.id)) entries.set(e.id, chainEntry(e));

  // A model may (rarely) sit in two tiers; max_price looks at the shortlist as one set, so the
  // first occurrence, high tier first, stands for it.
  const available = new Map<string, Entry>();
  for (const tier of TIER_NAMES)
    for (const e of artifact.tiers[tier].entries) if (e.available && !available.has(e.id)) available.set(e.id, e);

  const anyAvailable = available.size > 0;
  const routes = anyAvailable ? routesFor(artifact, ordered) : null;
  const caps = {
    prompt: buildCapPlan([...available.values()], 'prompt', chainEntry),
    blended: buildCapPlan([...available.values()], 'blended', chainEntry),
  };
  return { version: artifact.version, thresholds: artifact.rules.scoreThresholds, routes, caps, entries };
}

function routesFor(artifact: Shortlist, ordered: (tier: TierName, variant: Variant) => ChainEntry[]): Plan['routes'] {
  const sizes = Object.fromEntries(TIER_NAMES.map((t) => [t, artifact.tiers[t].entries.length])) as Record<TierName, number>;
  const candidateSets = Object.fromEntries(TIER_NAMES.map((t) => [t, new Map(ordered(t, 'default').map((e) => [e.id, e]))])) as Record<
    TierName,
    Map<string, ChainEntry>
  >;
  const route = (requestedTier: TierName, variant: Variant): TierRoute => {
    const empty: TierName[] = [];
    let tier = requestedTier;
    for (const next of NEIGHBOURS[requestedTier]) {
      if (candidateSets[tier].size > 0) break;
      empty.push(tier);
      tier = next;
    }
    const stepped =
      tier === requestedTier
        ? null
        : { from: requestedTier, to: tier, reason: `${joinTiers(empty)} ${empty.length === 1 ? 'has' : 'have'} no available entry` };
    const all = ordered(tier, variant);
    const chain = Object.freeze(all.slice(0, CHAIN_LENGTH));
    return Object.freeze({
      requestedTier,
      tier,
      stepped: stepped && Object.freeze(stepped),
      range: scoreRange(requestedTier, artifact.rules.scoreThresholds),
      candidates: candidateSets[tier],
      chain,
      fallbacks: Object.freeze(chain.slice(1)),
      explainBody: routeExplain({ requestedTier, tier, variant, empty, sizes, available: all.length }),
      explainChain: chainLine(chain[0]!, chain.slice(1)),
    });
  };
  const byVariant = (variant: Variant) =>
    Object.freeze(Object.fromEntries(TIER_NAMES.map((t) => [t, route(t, variant)])) as Record<TierName, TierRoute>);
  return Object.freeze(Object.fromEntries(VARIANTS.map((v) => [v, byVariant(v)])) as Record<Variant, Record<TierName, TierRoute>>);
}

function joinTiers(tiers: readonly TierName[]): string {
  return tiers.length === 1 ? tiers[0]! : `${tiers.slice(0, -1).join(', ')} and ${tiers.at(-1)!}`;
}
