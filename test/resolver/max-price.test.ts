import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/artifact/schema.js';
import { createResolver, type PriceSource, type Resolution } from '../../src/resolver/index.js';
import { artifact, baseContent, baseEntries, patched } from '../support/diff-fixtures.js';
import { rejection } from '../support/rejection.js';

/**
 * max_price routing (SPEC §6.7) on the base fixture. Scores are percentile / 2; blended prices are
 * 1.75 × the prompt price. The frontier of the available entries, best score first, is
 *   alpha 3 · beta 1 · eps 0.5 · phi 0.3 · gee 0.2 · eta 0.1   (prompt price)
 * and off it, best score first: gamma 2, delta 5. iota has no price.
 */
const A = 'a/alpha@high';
const B = 'b/beta@default';
const G = 'c/gamma@max';
const E = 'e/eps@default';
const P = 'f/phi@low';
const GE = 'g/gee@default';
const H = 'h/eta@default';
const off = (e: Entry): Entry => ({ ...e, available: false });

const capped = (maxPrice: number, source?: PriceSource, nitro = false) => ({
  model: nitro ? 'openrouter/pareto-code:nitro' : 'openrouter/pareto-code',
  plugins: [{ id: 'pareto-router', max_price: maxPrice, ...(source === undefined ? {} : { price_source: source }), min_coding_score: 0.9 }],
});
const chain = (r: Resolution) => [r.primary.id, ...r.fallbacks.map((e) => e.id)];

describe('max_price: frontier first, best score under the cap, then cheaper, then the rest', () => {
  const resolver = createResolver(artifact());
  it.each([
    ['prompt', 'above every price', 100, [A, B, E], 8],
    ['prompt', 'exactly at the priciest frontier entry', 3, [A, B, E], 7],
    ['prompt', 'just under it', 2.99, [B, E, P], 6],
    ['prompt', 'between frontier prices', 1, [B, E, P], 5],
    ['prompt', 'at the cheapest price', 0.1, [H], 1],
    ['blended', 'above every price', 100, [A, B, E], 8],
    ['blended', 'at beta’s blended price', 1.75, [B, E, P], 5],
    ['blended', 'under beta’s blended price (prompt would pick beta)', 1, [E, P, GE], 4],
    // The fixture computes blended as price × 1.75 in floating point: 0.17500000000000002.
    ['blended', 'at the cheapest blended price', 0.1 * 1.75, [H], 1],
  ] as const)('%s, cap %s (%s)', (source, _, cap, expected, count) => {
    const r = resolver.resolve(capped(cap, source));
    expect(chain(r)).toEqual(expected);
    expect(r).toMatchObject({
      mode: 'max_price',
      requestedTier: null,
      tier: null,
      stepped: null,
      config: { max_price: cap, price_source: source },
    });
    expect(r.explain).toContain(`candidates: ${count} available`);
    expect(r.explain).toContain('min_coding_score 0.9 not used');
  });

  it('price_source defaults to prompt', () => {
    expect(chain(resolver.resolve(capped(1)))).toEqual([B, E, P]);
  });

  it('follows the frontier on the price source asked for, not the artifact’s prompt frontier', () => {
    // alpha gets cheap output: on blended price it dominates beta, gamma and delta.
    const cheapOutput = createResolver(artifact(baseContent(patched({ [A]: (e) => ({ ...e, price: { ...e.price, blendedPerM: 0.9 } }) }))));
    expect(chain(cheapOutput.resolve(capped(1, 'blended')))).toEqual([A, E, P]);
    expect(chain(cheapOutput.resolve(capped(1, 'prompt')))).toEqual([B, E, P]);
  });

  it('fills the chain with entries off the frontier, best score first, when the frontier runs out', () => {
    const r = createResolver(artifact(baseContent(patched({ [E]: off, [P]: off, [GE]: off, [H]: off }))));
    expect(chain(r.resolve(capped(1)))).toEqual([B]);
    expect(chain(r.resolve(capped(2)))).toEqual([B, G]);
    expect(chain(r.resolve(capped(5)))).toEqual([A, B, G]);
    expect(r.resolve(capped(5)).explain).toContain('candidates: 4 available entries are at or under the cap, 2 on the frontier');
  });

  it('recomputes the frontier without unavailable entries', () => {
    // With beta gone, gamma (2) is no longer dominated: it joins the frontier ahead of eps.
    const r = createResolver(artifact(baseContent(patched({ [B]: off }))));
    expect(chain(r.resolve(capped(2.5)))).toEqual([G, E, P]);
  });

  it('never counts an entry with an unknown price as under a cap', () => {
    const r = createResolver(artifact(baseContent(baseEntries().map((e) => (e.id === H || e.id === 'i/iota@default' ? e : off(e))))));
    expect(chain(r.resolve(capped(1000)))).toEqual([H]);
  });

  it('keeps the max_price order for :nitro', () => {
    const r = resolver.resolve(capped(1, 'prompt', true));
    expect([r.variant, ...chain(r)]).toEqual(['nitro', B, E, P]);
    expect(r.explain).toContain(':nitro does not change the max_price order');
  });
});

describe('max_price errors', () => {
  const resolver = createResolver(artifact({ ...baseContent() }, { version: 4 }));
  it.each([
    ['prompt', 0.0999, '0.1 (h/eta@default)'],
    ['prompt', 0, '0.1 (h/eta@default)'],
    ['blended', 0.17, `${0.1 * 1.75} (h/eta@default)`],
  ] as const)('nothing under the cap (%s %s) is a 404 naming the cap and the cheapest price', (source, cap, cheapest) => {
    const error = rejection(() => resolver.resolve(capped(cap, source)));
    expect(error).toMatchObject({ status: 404, field: 'max_price', code: 'not_found' });
    expect(error.message).toContain(`max_price ${cap} USD per 1M input tokens (${source} price)`);
    expect(error.message).toContain(`the cheapest available is ${cheapest}`);
  });

  it('is a 404 when no available entry has a known price', () => {
    const onlyUnpriced = createResolver(artifact(baseContent(baseEntries().map((e) => (e.id === 'i/iota@default' ? e : off(e))))));
    expect(rejection(() => onlyUnpriced.resolve(capped(1000)))).toMatchObject({
      status: 404,
      message: expect.stringContaining('has a known prompt price'),
    });
  });

  it('is a 503 when nothing is available at all', () => {
    const none = createResolver(artifact(baseContent(baseEntries().map(off)), { version: 9 }));
    expect(rejection(() => none.resolve(capped(1000)))).toMatchObject({
      status: 503,
      message: expect.stringContaining('shortlist version 9'),
    });
  });

  it('rejects an invalid price_source even with a valid cap', () => {
    const error = rejection(() =>
      resolver.resolve({ model: 'pareto-code', plugins: [{ id: 'pareto-router', max_price: 1, price_source: 'cheapest' }] }),
    );
    expect(error).toMatchObject({ status: 400, field: 'price_source', message: expect.stringContaining('"prompt", "blended"') });
  });
});
