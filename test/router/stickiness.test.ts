import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStickinessStore, type AsyncStickinessStore, type StickyPin } from '../../src/resolver/index.js';
import { artifact, baseContent, baseEntries } from '../support/diff-fixtures.js';
import { ask, startHarness, type Harness } from '../support/router-harness.js';

/** SPEC §10.4: pins on success (never on error), idle TTL restarted by each success, conversation keys on cache hits. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const session = (id: string) => ({ 'x-session-id': id });

describe('with a session id', () => {
  it('the first success pins what served it; the next request goes there first (x-pareto-sticky); with no provider map in the shortlist, no provider.order is sent', async () => {
    const memory = createMemoryStickinessStore();
    const sets: Array<[string, StickyPin]> = [];
    const store = {
      ...memory,
      set: (k: string, p: StickyPin) => (sets.push([k, p]), memory.set(k, p)),
      get size() {
        return memory.size;
      },
    };
    h = await startHarness({ store });
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    expect((await h.chat(ask(), session('s1'))).headers.get('x-pareto-model')).toBe('c/gamma');
    expect(sets).toHaveLength(1);
    expect(sets[0]![1]).toEqual({ model: 'c/gamma', effort: 'max', provider: 'FakeProvider' });
    // The store never sees the raw session id.
    expect(sets[0]![0]).not.toContain('s1');
    expect(sets[0]![0]).toMatch(/^s:[0-9a-f]{64}$/);
    h.fake.fault('b/beta', null);
    const again = await h.chat(ask(), session('s1'));
    expect(again.headers.get('x-pareto-model')).toBe('c/gamma');
    expect(again.headers.get('x-pareto-sticky')).toBe('true');
    expect(h.fake.calls.at(-1)!.body.provider).toBeUndefined();
    expect(store.size).toBe(1);
    // Another session, and the same session id from another client key, are not pinned.
    expect((await h.chat(ask(), session('s2'))).headers.get('x-pareto-model')).toBe('b/beta');
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_sticky_hits_total 1$/m);
  });

  it('a pinned request asks for the provider that served it first, by the endpoint tags the shortlist maps its name to; a client that chose providers keeps its choice', async () => {
    h = await startHarness();
    const providers = { FakeProvider: ['fake/bf16', 'fake/fp8'], Elsewhere: ['elsewhere'] };
    h.shortlist = artifact(baseContent(baseEntries().map((e) => (e.model === 'c/gamma' ? { ...e, providers } : e))));
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(ask(), session('s1'));
    // The first request was not sticky: nothing to ask for yet.
    expect(h.fake.calls.map((c) => c.body.provider)).toEqual([undefined, undefined]);
    h.fake.fault('b/beta', null);

    const pinned = await h.chat(ask(), session('s1'));
    expect(pinned.headers.get('x-pareto-sticky')).toBe('true');
    expect(h.fake.calls.at(-1)!.body.provider).toEqual({ order: ['fake/bf16', 'fake/fp8'] });
    // The client's other provider preferences stay; OpenRouter's own fallback is left on.
    await h.chat({ ...ask(), provider: { sort: 'price', data_collection: 'deny' } }, session('s1'));
    expect(h.fake.calls.at(-1)!.body.provider).toEqual({ sort: 'price', data_collection: 'deny', order: ['fake/bf16', 'fake/fp8'] });
    // A client that named its providers keeps them as sent.
    for (const own of [{ order: ['mine'] }, { only: ['mine'] }]) {
      await h.chat({ ...ask(), provider: own }, session('s1'));
      expect(h.fake.calls.at(-1)!.body.provider).toEqual(own);
    }
    // A fallback attempt goes to another model: no order of ours there.
    h.fake.fault('c/gamma', { kind: 'status', status: 503 });
    const fallback = await h.chat(ask(), session('s1'));
    expect(fallback.headers.get('x-pareto-attempt')).toBe('2');
    expect(h.fake.calls.at(-2)!.body.provider).toEqual({ order: ['fake/bf16', 'fake/fp8'] });
    expect(h.fake.calls.at(-1)!.body.provider).toBeUndefined();
  });

  it('pins are per client: the same session id with another pass-through key is not sticky', async () => {
    h = await startHarness({ host: '0.0.0.0' });
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(ask(), { ...session('shared'), authorization: 'Bearer sk-or-client-a-key' });
    h.fake.fault('b/beta', null);
    const other = await h.chat(ask(), { ...session('shared'), authorization: 'Bearer sk-or-client-b-key' });
    expect(other.headers.get('x-pareto-sticky')).toBe('false');
    const same = await h.chat(ask(), { ...session('shared'), authorization: 'Bearer sk-or-client-a-key' });
    expect(same.headers.get('x-pareto-sticky')).toBe('true');
  });

  it('an error never pins: after every attempt failed, the next request starts from the primary, unsticky', async () => {
    const store = createMemoryStickinessStore();
    h = await startHarness({ store });
    for (const m of ['b/beta', 'c/gamma', 'a/alpha']) h.fake.fault(m, { kind: 'status', status: 503 });
    expect((await h.chat(ask(), session('s1'))).status).toBe(503);
    expect(store.size).toBe(0);
    for (const m of ['b/beta', 'c/gamma', 'a/alpha']) h.fake.fault(m, null);
    const next = await h.chat(ask(), session('s1'));
    expect(next.headers.get('x-pareto-sticky')).toBe('false');
    expect(next.headers.get('x-pareto-model')).toBe('b/beta');
  });

  it('a stream that breaks mid-way does not pin; a complete one does', async () => {
    const store = createMemoryStickinessStore();
    h = await startHarness({ store });
    h.fake.fault('b/beta', { kind: 'cut' });
    await (await h.chat(ask({ stream: true }), session('s1'))).text();
    expect(store.size).toBe(0);
    h.fake.fault('b/beta', null);
    await (await h.chat(ask({ stream: true }), session('s1'))).text();
    expect(store.size).toBe(1);
  });

  it('a stream pins the provider its first chunk names, read after that chunk went out', async () => {
    const memory = createMemoryStickinessStore();
    const sets: StickyPin[] = [];
    h = await startHarness({ store: { ...memory, set: (k: string, p: StickyPin) => (sets.push(p), memory.set(k, p)) } });
    h.fake.set({ provider: 'FirstOnly', providerInFirstChunkOnly: true });
    try {
      const text = await (await h.chat(ask({ stream: true }), session('s1'))).text();
      expect(text.match(/"provider":"FirstOnly"/g)).toHaveLength(1);
    } finally {
      h.fake.set({ provider: undefined, providerInFirstChunkOnly: false });
    }
    expect(sets).toEqual([{ model: 'b/beta', effort: null, provider: 'FirstOnly' }]);
  });

  it('a pin expires after the idle TTL (fake clock); each success restarts it', async () => {
    let now = 1_000_000;
    const store = createMemoryStickinessStore({ ttlMs: 300_000, now: () => now });
    h = await startHarness({ store });
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(ask(), session('s1'));
    h.fake.fault('b/beta', null);
    now += 200_000;
    expect((await h.chat(ask(), session('s1'))).headers.get('x-pareto-sticky')).toBe('true');
    now += 200_000; // 400 s after the first success, 200 s after the last one
    expect((await h.chat(ask(), session('s1'))).headers.get('x-pareto-sticky')).toBe('true');
    now += 300_001;
    const expired = await h.chat(ask(), session('s1'));
    expect(expired.headers.get('x-pareto-sticky')).toBe('false');
    expect(expired.headers.get('x-pareto-model')).toBe('b/beta');
  });
});

describe('without a session id (conversation key)', () => {
  it('a conversation is pinned only once a response shows cached tokens, and only that conversation', async () => {
    const store = createMemoryStickinessStore();
    h = await startHarness({ store });
    const convo = (first: string) =>
      ask({
        messages: [
          { role: 'system', content: 'you are a coder' },
          { role: 'user', content: first },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: 'next turn' },
        ],
      });
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(convo('task A'));
    expect(store.size).toBe(0);
    h.fake.set({ cachedTokens: 512 });
    await h.chat(convo('task A'));
    expect(store.size).toBe(1);
    h.fake.fault('b/beta', null);
    h.fake.set({ cachedTokens: 0 });
    expect((await h.chat(convo('task A'))).headers.get('x-pareto-model')).toBe('c/gamma');
    const other = await h.chat(convo('task B'));
    expect(other.headers.get('x-pareto-model')).toBe('b/beta');
    expect(other.headers.get('x-pareto-sticky')).toBe('false');
  });

  it('openrouter/pareto-code is pareto-code: routed alike, and one conversation whichever spelling a turn uses', async () => {
    const store = createMemoryStickinessStore();
    h = await startHarness({ store });
    const nitro = await h.chat(ask({ model: 'openrouter/pareto-code:nitro' }));
    expect(nitro.status).toBe(200);
    expect(nitro.headers.get('x-pareto-model')).toBe('d/delta');
    expect(h.fake.calls.at(-1)!.body.model).toBe('d/delta');
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    h.fake.set({ cachedTokens: 512 });
    expect((await h.chat(ask({ model: 'openrouter/pareto-code' }))).headers.get('x-pareto-model')).toBe('c/gamma');
    expect(store.size).toBe(1);
    h.fake.fault('b/beta', null);
    const next = await h.chat(ask());
    expect(next.headers.get('x-pareto-model')).toBe('c/gamma');
    expect(next.headers.get('x-pareto-sticky')).toBe('true');
    // Counted under one name whichever spelling was sent.
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_requests_total\{router_model="pareto-code:nitro",tier="high",status="200",attempt="1"\} 1$/m);
    expect(metrics).toMatch(/^pareto_requests_total\{router_model="pareto-code",tier="high",status="200",attempt="2"\} 1$/m);
    expect(metrics).not.toContain('router_model="openrouter/');
  });
});

describe('a shared store that is down', () => {
  it('requests are still served (unsticky), /readyz says 503 with the reason, /metrics counts it', async () => {
    let down = false;
    const pins = new Map<string, StickyPin>();
    // A tiny stand-in with the Redis store's contract: never throws, reports its own health.
    const store: AsyncStickinessStore = {
      mode: 'async',
      get: async (k) => (down ? undefined : pins.get(k)),
      set: async (k, p) => void (down || pins.set(k, p)),
      delete: async (k) => void pins.delete(k),
    };
    const health = () => ({
      ok: !down,
      error: down ? 'connect ECONNREFUSED 127.0.0.1:6379' : null,
      errors: down ? 4 : 0,
      outages: down ? 1 : 0,
    });
    h = await startHarness({ store, storeHealth: health });
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(ask(), session('s1'));
    h.fake.fault('b/beta', null);
    expect((await h.chat(ask(), session('s1'))).headers.get('x-pareto-sticky')).toBe('true');
    down = true;
    const served = await h.chat(ask(), session('s1'));
    expect(served.status).toBe(200);
    expect(served.headers.get('x-pareto-sticky')).toBe('false');
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as any).problems.join()).toContain('sticky store is unreachable');
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_sticky_store_up 0$/m);
    expect(metrics).toMatch(/^pareto_sticky_store_outages_total 1$/m);
  });
});
