import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Entry, TierName } from '../../src/artifact/schema.js';
import { createResolver, isResolveError, type Resolution, type RouteRequest } from '../../src/resolver/index.js';
import { artifact, baseContent, baseEntries, entry, patched } from '../support/diff-fixtures.js';

/**
 * Tier routing on the base fixture (chains documented in test/support/diff-fixtures.ts):
 *   high   default beta [gamma, alpha]   nitro delta [beta, gamma]
 *   medium default gee [phi, eps]        nitro eps [phi, gee]
 *   low    default eta [iota]            nitro eta [iota]
 */
const SCORES: Record<TierName, number> = { high: 0.9, medium: 0.5, low: 0.1 };
const request = (tier: TierName, nitro = false): RouteRequest => ({
  model: nitro ? 'pareto-code:nitro' : 'pareto-code',
  plugins: [{ id: 'pareto-router', min_coding_score: SCORES[tier] }],
});
const chain = (r: Resolution) => [r.primary.id, ...r.fallbacks.map((e) => e.id)];
const off = (e: Entry): Entry => ({ ...e, available: false, availability: { ...e.availability, okEndpoints: 0 } });
const withTiersOff = (...tiers: TierName[]) => artifact(baseContent(baseEntries().map((e) => (tiers.includes(e.tier) ? off(e) : e))));

describe('chains by tier and variant (SPEC §6.3–6.5)', () => {
  const resolver = createResolver(artifact());
  it.each([
    ['high', false, ['b/beta@default', 'c/gamma@max', 'a/alpha@high']],
    ['high', true, ['d/delta@high', 'b/beta@default', 'c/gamma@max']],
    ['medium', false, ['g/gee@default', 'f/phi@low', 'e/eps@default']],
    // g/gee has no known throughput: cheapest, but last for :nitro.
    ['medium', true, ['e/eps@default', 'f/phi@low', 'g/gee@default']],
    ['low', false, ['h/eta@default', 'i/iota@default']],
    ['low', true, ['h/eta@default', 'i/iota@default']],
  ] as const)('%s nitro=%s', (tier, nitro, expected) => {
    const r = resolver.resolve(request(tier, nitro));
    expect(chain(r)).toEqual(expected);
    expect(r).toMatchObject({
      requestedTier: tier,
      tier,
      stepped: null,
      variant: nitro ? 'nitro' : 'default',
      mode: 'tier',
      sticky: false,
      version: 1,
    });
    expect(r.fallbacks.every((e) => e.tier === tier)).toBe(true);
  });

  it('reports each chain entry with price, throughput, percentile and its providers (none in this fixture)', () => {
    expect(resolver.resolve(request('medium')).primary).toEqual({
      id: 'g/gee@default',
      model: 'g/gee',
      effort: null,
      tier: 'medium',
      price: 0.2,
      throughput: null,
      percentile: 70,
      providers: null,
    });
    expect(resolver.resolve(request('high')).fallbacks[1]).toEqual({
      id: 'a/alpha@high',
      model: 'a/alpha',
      effort: 'high',
      tier: 'high',
      price: 3,
      throughput: 50,
      percentile: 97,
      providers: null,
    });
  });

  it('skips unavailable entries without leaving the tier', () => {
    const r = createResolver(artifact(baseContent(patched({ 'b/beta@default': off, 'c/gamma@max': off })))).resolve(request('high'));
    expect(chain(r)).toEqual(['a/alpha@high', 'd/delta@high']);
    expect(r.stepped).toBeNull();
    expect(r.explain).toContain('candidates: 2 of 4 high entries are available');
  });

  it('puts unknown throughput last for :nitro, even for the cheapest, best-scoring entry', () => {
    const entries = [...baseEntries(), entry('j/jay', 'high', { percentile: 99, price: 0.01, p50: null })];
    const r = createResolver(artifact(baseContent(entries))).resolve(request('high', true));
    expect(chain(r)).toEqual(['d/delta@high', 'b/beta@default', 'c/gamma@max']);
    expect(createResolver(artifact(baseContent(entries))).resolve(request('high')).primary.id).toBe('j/jay@default');
  });

  it.each([
    ['equal price: higher percentile first', { percentile: 72, price: 0.2, p50: 10 }, 'j/jay@default'],
    ['equal price and percentile: faster first', { percentile: 70, price: 0.2, p50: 10 }, 'j/jay@default'],
    ['equal price, percentile, unknown speed: id ascending', { percentile: 70, price: 0.2, p50: null }, 'g/gee@default'],
    ['equal price, lower percentile: stays behind', { percentile: 69, price: 0.2, p50: 500 }, 'g/gee@default'],
  ])('ties (SPEC §5): %s', (_, spec, primary) => {
    const r = createResolver(artifact(baseContent([...baseEntries(), entry('j/jay', 'medium', spec)]))).resolve(request('medium'));
    expect(r.primary.id).toBe(primary);
  });
});

describe('neighbouring tier only when the whole tier has no available entry (SPEC §6.6)', () => {
  it.each([
    ['high', ['high'], 'medium', 'high has no available entry', 'g/gee@default'],
    ['high', ['high', 'medium'], 'low', 'high and medium have no available entry', 'h/eta@default'],
    ['medium', ['medium'], 'high', 'medium has no available entry', 'b/beta@default'],
    ['medium', ['medium', 'high'], 'low', 'medium and high have no available entry', 'h/eta@default'],
    ['low', ['low'], 'medium', 'low has no available entry', 'g/gee@default'],
    ['low', ['low', 'medium'], 'high', 'low and medium have no available entry', 'b/beta@default'],
  ] as const)('%s with %j unavailable → %s', (requested, offTiers, to, reason, primary) => {
    const r = createResolver(withTiersOff(...offTiers)).resolve(request(requested));
    expect(r).toMatchObject({ requestedTier: requested, tier: to, stepped: { from: requested, to, reason } });
    expect(r.primary.id).toBe(primary);
    expect([r.primary, ...r.fallbacks].every((e) => e.tier === to)).toBe(true);
    expect(r.explain).toContain(`step: ${requested} →`);
    expect(r.explain).toContain(`candidates: none of the`);
  });

  it('a tier with entries but none available steps the same as an empty tier', () => {
    const r = createResolver(artifact(baseContent(baseEntries().filter((e) => e.tier !== 'low')))).resolve(request('low', true));
    expect(r).toMatchObject({ tier: 'medium', stepped: { from: 'low', to: 'medium' } });
    expect(r.primary.id).toBe('e/eps@default');
  });

  it('no available entry anywhere is a 503 naming the shortlist version', () => {
    const resolver = createResolver(artifact(baseContent(baseEntries().map(off)), { version: 7 }));
    for (const tier of ['high', 'medium', 'low'] as const) {
      let caught: unknown;
      try {
        resolver.resolve(request(tier));
      } catch (error) {
        caught = error;
      }
      expect(isResolveError(caught) && caught).toMatchObject({
        status: 503,
        field: null,
        message: expect.stringContaining('shortlist version 7 has no available entry'),
      });
    }
  });
});

describe('explain and determinism (SPEC §6.9)', () => {
  it('lists the rules in the order they were applied', () => {
    const r = createResolver(withTiersOff('high')).resolve({ ...request('high'), session_id: 's' });
    const rules = r.explain.split('\n').map((line) => line.split(':')[0]);
    expect(rules).toEqual(['config', 'tier', 'candidates', 'step', 'candidates', 'order', 'stickiness', 'chain']);
  });

  it('gives equal output for equal artifact and input, across resolver instances', () => {
    const inputs = [request('high'), request('medium', true), { model: 'pareto-code', plugins: [{ id: 'pareto-router', max_price: 1 }] }];
    const a = createResolver(artifact());
    const b = createResolver(artifact());
    for (const input of inputs) {
      expect(JSON.stringify(a.resolve(input))).toBe(JSON.stringify(b.resolve(input)));
      expect(a.resolve(input)).toEqual(a.resolve(input));
    }
  });

  it('never mutates or re-sorts the artifact, and shares frozen chain entries', () => {
    const shortlist = artifact();
    const before = JSON.stringify(shortlist);
    const resolver = createResolver(shortlist);
    const r = resolver.resolve(request('high'));
    expect(Object.isFrozen(r.primary)).toBe(true);
    expect(resolver.resolve(request('high', true)).fallbacks[0]).toBe(r.primary);
    expect(JSON.stringify(shortlist)).toBe(before);
  });
});

describe('cost of a resolve (SPEC §6: lookups, never a sort)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sorts nothing per request, in tier mode, after a step, with a pin and with max_price', () => {
    const resolvers = [createResolver(artifact()), createResolver(withTiersOff('high'))];
    resolvers[0]!.reportSuccess('s', { entryId: 'c/gamma@max' });
    const sort = vi.spyOn(Array.prototype, 'sort');
    for (const resolver of resolvers) {
      for (const tier of ['high', 'medium', 'low'] as const) {
        resolver.resolve({ ...request(tier), session_id: 's' });
        resolver.resolve(request(tier, true));
      }
      resolver.resolve({ model: 'pareto-code', plugins: [{ id: 'pareto-router', max_price: 2, price_source: 'blended' }] });
    }
    expect(sort).not.toHaveBeenCalled();
  });
});
