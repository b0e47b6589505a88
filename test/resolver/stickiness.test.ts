import { describe, expect, it } from 'vitest';
import type { Entry, Shortlist } from '../../src/artifact/schema.js';
import {
  createMemoryStickinessStore,
  createResolver,
  type AsyncStickinessStore,
  type Resolution,
  type RouteRequest,
  type Served,
  type StickinessStore,
  type SyncStickinessStore,
} from '../../src/resolver/index.js';
import { artifact, baseContent, patched } from '../support/diff-fixtures.js';

/**
 * Stickiness (SPEC §6.8) with a fake clock. Every scenario runs twice: against the in-memory store
 * and against the same store behind promises, the shape a Redis store has, which proves the
 * resolver needs no change to run on an async store.
 */
const B = 'b/beta@default';
const G = 'c/gamma@max';
const high = (extra: Partial<RouteRequest> & Record<string, unknown> = {}): RouteRequest => ({
  model: 'pareto-code',
  session_id: 's',
  ...extra,
});
const withPlugin = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  high({ plugins: [{ id: 'pareto-router', ...fields }], ...extra });
const off = (e: Entry): Entry => ({ ...e, available: false });
const chain = (r: Resolution) => [r.primary.id, ...r.fallbacks.map((e) => e.id)];

function promised(inner: SyncStickinessStore): AsyncStickinessStore {
  return {
    mode: 'async',
    get: async (session) => inner.get(session),
    set: async (session, pin) => inner.set(session, pin),
    delete: async (session) => inner.delete(session),
  };
}

function harness(kind: 'sync' | 'async') {
  const clock = { t: 0 };
  const memory = createMemoryStickinessStore({ ttlMs: 1000, maxEntries: 100, now: () => clock.t });
  const store: StickinessStore = kind === 'sync' ? memory : promised(memory);
  const make = (shortlist: Shortlist = artifact()) => {
    const resolver = createResolver(shortlist, { store });
    return {
      resolve: async (request: RouteRequest) => resolver.resolve(request),
      success: async (session: string, served: Served) => resolver.reportSuccess(session, served),
      failure: (session: string, served: Served) => resolver.reportFailure(session, served),
    };
  };
  return { clock, memory, make, v1: make() };
}

describe.each([['sync'], ['async']] as const)('stickiness with the %s store', (kind) => {
  it('pins on success and reuses the pin on the next resolve, with its provider', async () => {
    const { v1 } = harness(kind);
    const first = await v1.resolve(high());
    expect([first.sticky, first.primary.id]).toEqual([false, B]);
    expect(first.explain).toContain('no live pin');
    await v1.success('s', { entryId: G, provider: 'acme' });
    const next = await v1.resolve(high());
    expect(next).toMatchObject({ sticky: true, provider: 'acme', session: 's', tier: 'high' });
    expect(chain(next)).toEqual([G, B, 'a/alpha@high']);
    expect(next.explain).toContain('stickiness: pin c/gamma@max (provider acme) reused');
  });

  it('accepts model + effort and keeps the chain when the pin is already the primary', async () => {
    const { v1 } = harness(kind);
    await v1.success('s', { model: 'b/beta', effort: null });
    const r = await v1.resolve(high());
    expect([r.sticky, r.provider, ...chain(r)]).toEqual([true, null, B, G, 'a/alpha@high']);
  });

  it('restarts the idle TTL on each success, not on a resolve, and expires after it', async () => {
    const { v1, clock, memory } = harness(kind);
    await v1.success('s', { entryId: G });
    clock.t = 900;
    expect((await v1.resolve(high())).sticky).toBe(true);
    await v1.success('s', { entryId: G });
    clock.t = 1899;
    expect((await v1.resolve(high())).sticky).toBe(true);
    clock.t = 1900;
    const expired = await v1.resolve(high());
    expect([expired.sticky, expired.primary.id]).toEqual([false, B]);
    expect(memory.size).toBe(0);
  });

  it('does not update the pin or its TTL on a failure', async () => {
    const { v1, clock } = harness(kind);
    await v1.success('s', { entryId: G });
    clock.t = 500;
    v1.failure('s', { entryId: 'a/alpha@high' });
    expect((await v1.resolve(high())).primary.id).toBe(G);
    clock.t = 1000;
    expect((await v1.resolve(high())).sticky).toBe(false);
  });

  it.each<[string, Record<string, (e: Entry) => Entry | null>]>([
    ['becomes unavailable', { [G]: off }],
    ['leaves the tier', { [G]: (e: Entry): Entry => ({ ...e, tier: 'medium' }) }],
    ['leaves the shortlist', { [G]: () => null }],
  ])('drops the pin when the pinned entry %s in a newer shortlist', async (_, patches) => {
    const { v1, make, memory } = harness(kind);
    await v1.success('s', { entryId: G });
    const v2 = make(artifact(baseContent(patched(patches)), { version: 2 }));
    const r = await v2.resolve(high());
    expect([r.sticky, r.primary.id, r.version]).toEqual([false, B, 2]);
    expect(r.explain).toContain('pin c/gamma@max dropped');
    await Promise.resolve();
    expect(memory.get('s')).toBeUndefined();
    expect((await v1.resolve(high())).sticky).toBe(false);
  });

  it('drops a pin that is not a candidate of the tier this request routes to', async () => {
    const { v1, memory } = harness(kind);
    await v1.success('s', { entryId: G });
    const medium = await v1.resolve(withPlugin({ min_coding_score: 0.5 }));
    expect([medium.sticky, medium.primary.id]).toEqual([false, 'g/gee@default']);
    await Promise.resolve();
    expect(memory.size).toBe(0);
  });

  it('reuses a pin for :nitro and after a step, keeping fallbacks in the tier', async () => {
    const { v1, make } = harness(kind);
    await v1.success('s', { entryId: G });
    expect(chain(await v1.resolve(high({ model: 'pareto-code:nitro' })))).toEqual([G, 'd/delta@high', B]);
    const stepped = make(artifact(baseContent(patched({ 'e/eps@default': off, 'f/phi@low': off, 'g/gee@default': off }))));
    const r = await stepped.resolve(withPlugin({ min_coding_score: 0.5 }));
    expect(r).toMatchObject({ sticky: true, stepped: { from: 'medium', to: 'high' } });
    expect(chain(r)).toEqual([G, B, 'a/alpha@high']);
  });

  it('with max_price, reuses a pin only while it is at or under the cap', async () => {
    const { v1 } = harness(kind);
    await v1.success('s', { entryId: G });
    const under = await v1.resolve(withPlugin({ max_price: 2.5 }));
    expect([under.sticky, ...chain(under)]).toEqual([true, G, B, 'e/eps@default']);
    const over = await v1.resolve(withPlugin({ max_price: 1 }));
    expect([over.sticky, over.primary.id]).toEqual([false, B]);
    expect(over.explain).toContain('at or under max_price 1');
  });

  it('keys pins by session: another session and a request without one are not sticky', async () => {
    const { v1 } = harness(kind);
    await v1.success('s', { entryId: G });
    expect((await v1.resolve(high({ session_id: 'other' }))).sticky).toBe(false);
    const anonymous = await v1.resolve({ model: 'pareto-code' });
    expect([anonymous.sticky, anonymous.session]).toEqual([false, null]);
    expect(anonymous.explain).toContain('no session id');
    expect((await v1.resolve({ model: 'pareto-code', headers: { 'X-Session-Id': 's' } })).sticky).toBe(true);
  });

  it('rejects a bad session key or served target on success', async () => {
    const { v1 } = harness(kind);
    await expect(v1.success('x'.repeat(257), { entryId: G })).rejects.toMatchObject({ status: 400, field: 'session' });
    await expect(v1.success('s', { entryId: 'no-at-sign' })).rejects.toMatchObject({ status: 400, field: 'entryId' });
    await expect(v1.success('s', { model: '', effort: null })).rejects.toMatchObject({ status: 400, field: 'model' });
  });
});

describe('sync and async resolvers', () => {
  it('a sync store gives plain values; an async store always gives promises that reject on bad input', async () => {
    const sync = createResolver(artifact());
    expect(sync.resolve({ model: 'pareto-code' })).not.toBeInstanceOf(Promise);
    expect(() => sync.resolve({ model: 'gpt' })).toThrow(/model must be one of/);
    const asyncResolver = createResolver(artifact(), { store: promised(createMemoryStickinessStore()) });
    const pending = asyncResolver.resolve({ model: 'pareto-code' });
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).primary.id).toBe(B);
    await expect(asyncResolver.resolve({ model: 'gpt' })).rejects.toMatchObject({ status: 400, field: 'model' });
  });

  it('refuses stickyTtlMs or now next to a store, which owns both', () => {
    const store = createMemoryStickinessStore();
    expect(() => createResolver(artifact(), { store, stickyTtlMs: 10 })).toThrow(
      expect.objectContaining({ status: 500, field: 'stickyTtlMs' }),
    );
    expect(() => createResolver(artifact(), { store, now: () => 0 })).toThrow(expect.objectContaining({ status: 500, field: 'now' }));
  });

  it('uses stickyTtlMs and now for the built-in store (default TTL 5 minutes)', () => {
    let t = 0;
    const short = createResolver(artifact(), { stickyTtlMs: 10, now: () => t });
    const standard = createResolver(artifact(), { now: () => t });
    short.reportSuccess('s', { entryId: G });
    standard.reportSuccess('s', { entryId: G });
    t = 10;
    expect(short.resolve(high()).sticky).toBe(false);
    t = 299_999;
    expect(standard.resolve(high()).sticky).toBe(true);
    t = 300_000 + 299_999;
    expect(standard.resolve(high()).sticky).toBe(false);
  });
});

describe('in-memory store', () => {
  const pin = (model: string) => ({ model, effort: null, provider: null });

  it('evicts the least recently used session past maxEntries; a get or a set counts as a use', () => {
    const store = createMemoryStickinessStore({ maxEntries: 2, now: () => 0 });
    store.set('a', pin('x/a'));
    store.set('b', pin('x/b'));
    store.get('a');
    store.set('c', pin('x/c'));
    expect([store.get('a'), store.get('b'), store.get('c')].map((p) => p?.model)).toEqual(['x/a', undefined, 'x/c']);
    store.set('a', pin('x/a2'));
    store.set('d', pin('x/d'));
    expect([store.get('a')?.model, store.get('c'), store.get('d')?.model, store.size]).toEqual(['x/a2', undefined, 'x/d', 2]);
  });

  it('drops an expired pin when it is read', () => {
    let t = 0;
    const store = createMemoryStickinessStore({ ttlMs: 100, now: () => t });
    store.set('a', pin('x/a'));
    t = 99;
    expect(store.get('a')?.model).toBe('x/a');
    t = 100;
    expect([store.get('a'), store.size]).toEqual([undefined, 0]);
  });

  it.each([
    ['ttlMs', { ttlMs: 0 }],
    ['ttlMs', { ttlMs: Number.POSITIVE_INFINITY }],
    ['maxEntries', { maxEntries: 0 }],
    ['maxEntries', { maxEntries: 1.5 }],
  ])('rejects a bad %s', (field, options) => {
    expect(() => createMemoryStickinessStore(options)).toThrow(expect.objectContaining({ status: 500, field }));
  });
});
