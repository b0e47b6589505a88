import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIER_NAMES, type Entry, type TierName } from '../../src/artifact/schema.js';
import { paretoFrontier } from '../../src/curation/frontier.js';
import { orderByPrice, orderByThroughput } from '../../src/curation/order.js';
import { createResolver, isResolveError, type Resolution } from '../../src/resolver/index.js';
import { artifact, baseContent, entry } from '../support/diff-fixtures.js';

/**
 * Random shortlists, ordered the way curation orders them, against a naive resolver that filters
 * and sorts per request. Prices and speeds come from small sets so ties are common.
 */
const PRICES = [0, 0.1, 0.25, 1, 1, 3, 15];
const SPEEDS = [20, 60, 60, 150];
const STEPS: Record<TierName, readonly TierName[]> = {
  high: ['high', 'medium', 'low'],
  medium: ['medium', 'high', 'low'],
  low: ['low', 'medium', 'high'],
};

const spec = fc.record({
  price: fc.option(fc.constantFrom(...PRICES), { freq: 5 }),
  p50: fc.option(fc.constantFrom(...SPEEDS), { freq: 4 }),
  percentile: fc.integer({ min: 50, max: 100 }),
  available: fc.boolean(),
});
const tiers = fc.record({
  high: fc.array(spec, { maxLength: 6 }),
  medium: fc.array(spec, { maxLength: 6 }),
  low: fc.array(spec, { maxLength: 6 }),
});
const request = fc.record({
  // Uniform over [0, 1] plus the thresholds: fc.double spreads over the bit patterns, which puts
  // almost every value near 0 and would hardly ever ask for the medium or high tier.
  score: fc.option(
    fc.oneof(
      fc.constantFrom(0, 0.3299, 0.33, 0.6599, 0.66, 1),
      fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
    ),
    { nil: undefined },
  ),
  nitro: fc.boolean(),
  maxPrice: fc.option(fc.constantFrom(0, 0.1, 0.2, 1, 2.5, 100), { nil: undefined, freq: 3 }),
  pin: fc.option(fc.nat(20), { nil: undefined }),
});

interface Spec {
  readonly price: number | null;
  readonly p50: number | null;
  readonly percentile: number;
  readonly available: boolean;
}

function build(specs: Readonly<Record<TierName, readonly Spec[]>>) {
  const entries = TIER_NAMES.flatMap((tier) => specs[tier].map((s, i) => entry(`${tier[0]}${i}/m${i}`, tier, s)));
  const frontier = paretoFrontier(entries.map((e) => ({ id: e.id, price: e.price.promptPerM, score: e.codingIndex })));
  const content = baseContent(entries, frontier);
  // The artifact's orders, from curation's own functions.
  for (const tier of TIER_NAMES) {
    const inTier = content.tiers[tier].entries;
    content.tiers[tier] = {
      ...content.tiers[tier],
      entries: orderByPrice(inTier),
      byThroughput: orderByThroughput(inTier).map((e) => e.id),
    };
  }
  return { shortlist: artifact(content), entries };
}

function attempt(run: () => Resolution): Resolution | { status: number } {
  try {
    return run();
  } catch (error) {
    if (isResolveError(error)) return { status: error.status };
    throw error;
  }
}

describe('resolver against a naive filter-and-sort resolver', () => {
  it('tier mode: cheapest (or fastest) available of the tier used, same-tier fallbacks in order, steps reported', () => {
    fc.assert(
      fc.property(tiers, request, (specs, req) => {
        const { shortlist, entries } = build(specs);
        const resolver = createResolver(shortlist);
        const available = (tier: TierName) => entries.filter((e) => e.tier === tier && e.available);
        const requested: TierName = req.score === undefined || req.score >= 0.66 ? 'high' : req.score >= 0.33 ? 'medium' : 'low';
        const used = STEPS[requested].find((t) => available(t).length > 0);
        const body = {
          model: req.nitro ? 'pareto-code:nitro' : 'pareto-code',
          plugins: [{ id: 'pareto-router', ...(req.score === undefined ? {} : { min_coding_score: req.score }) }],
        };
        const r = attempt(() => resolver.resolve(body));
        if (used === undefined) {
          expect(r).toEqual({ status: 503 });
          return;
        }
        if (!('primary' in r)) throw new Error(`unexpected ${JSON.stringify(r)}`);
        const naive = (req.nitro ? orderByThroughput : orderByPrice)(available(used)).slice(0, 3);
        expect([r.primary, ...r.fallbacks].map((e) => e.id)).toEqual(naive.map((e) => e.id));
        expect([r.primary, ...r.fallbacks].every((e) => e.tier === used)).toBe(true);
        for (const other of available(used)) {
          if (req.nitro) expect(r.primary.throughput ?? -1).toBeGreaterThanOrEqual(other.throughput.p50 ?? -1);
          else expect(r.primary.price ?? Infinity).toBeLessThanOrEqual(other.price.promptPerM ?? Infinity);
        }
        expect(r.requestedTier).toBe(requested);
        expect(r.tier).toBe(used);
        expect(r.stepped === null ? null : [r.stepped.from, r.stepped.to]).toEqual(used === requested ? null : [requested, used]);
      }),
      { numRuns: 400 },
    );
  });

  it('max_price mode: frontier under the cap best score first, then the rest; 404 exactly when nothing fits', () => {
    fc.assert(
      fc.property(tiers, request, fc.constantFrom('prompt' as const, 'blended' as const), (specs, req, source) => {
        const { shortlist, entries } = build(specs);
        const cap = req.maxPrice ?? 1;
        const priceOf = (e: Entry) => (source === 'prompt' ? e.price.promptPerM : e.price.blendedPerM);
        const available = entries.filter((e) => e.available);
        const priced = available.filter((e) => priceOf(e) !== null);
        const frontier = paretoFrontier(priced.map((e) => ({ id: e.id, price: priceOf(e), score: e.codingIndex })));
        const fits = (e: Entry) => (priceOf(e) ?? Infinity) <= cap;
        const byId = new Map(priced.map((e) => [e.id, e]));
        const others = priced
          .filter((e) => !frontier.includes(e.id))
          .sort((a, b) => b.codingIndex - a.codingIndex || priceOf(a)! - priceOf(b)! || (a.id < b.id ? -1 : 1));
        const naive = [...frontier.map((id) => byId.get(id)!), ...others].filter(fits).slice(0, 3);
        const r = attempt(() =>
          createResolver(shortlist).resolve({
            model: 'pareto-code',
            plugins: [{ id: 'pareto-router', max_price: cap, price_source: source }],
          }),
        );
        if (available.length === 0) {
          expect(r).toEqual({ status: 503 });
          return;
        }
        if (naive.length === 0) {
          expect(r).toEqual({ status: 404 });
          return;
        }
        if (!('primary' in r)) throw new Error(`unexpected ${JSON.stringify(r)}`);
        expect([r.primary, ...r.fallbacks].map((e) => e.id)).toEqual(naive.map((e) => e.id));
        // The best-scoring entry that fits is always on the frontier, so it is the primary.
        expect(byId.get(r.primary.id)!.codingIndex).toBe(Math.max(...priced.filter(fits).map((e) => e.codingIndex)));
      }),
      { numRuns: 400 },
    );
  });

  it('a pin is the primary exactly when it is a candidate of the tier used', () => {
    fc.assert(
      fc.property(tiers, request, (specs, req) => {
        const { shortlist, entries } = build(specs);
        const pinned = req.pin === undefined ? undefined : entries[req.pin % Math.max(entries.length, 1)];
        const resolver = createResolver(shortlist, { now: () => 0 });
        if (pinned !== undefined) resolver.reportSuccess('s', { entryId: pinned.id });
        const body = {
          model: req.nitro ? 'pareto-code:nitro' : 'pareto-code',
          session_id: 's',
          plugins: [{ id: 'pareto-router', ...(req.score === undefined ? {} : { min_coding_score: req.score }) }],
        };
        const r = attempt(() => resolver.resolve(body));
        if (!('primary' in r)) return;
        const candidate = pinned !== undefined && pinned.available && pinned.tier === r.tier;
        expect(r.sticky).toBe(candidate);
        if (candidate) expect(r.primary.id).toBe(pinned.id);
        expect(r.fallbacks.every((e) => e.tier === r.tier && e.id !== r.primary.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
