import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StickinessStore, StickyPin } from '../../src/resolver/index.js';

/**
 * What every stickiness store promises the resolver (SPEC §6.8), written once and run by each
 * store: the in-memory one and Redis. `await` on a sync store's plain values is harmless, so the
 * same cases drive both.
 */
export interface StoreUnderTest {
  readonly store: StickinessStore;
  readonly ttlMs: number;
  /**
   * Lets `ms` pass for the store's pins. The memory store moves its fake clock; Redis shortens
   * every key's remaining TTL by `ms` (PTTL then PEXPIRE), which is what time passing does to a
   * key, without sleeping.
   */
  advance(ms: number): Promise<void>;
  close?(): Promise<void>;
}

const pin = (model: string, effort: string | null = null, provider: string | null = null): StickyPin => ({ model, effort, provider });

export function stickinessStoreContract(name: string, setup: () => Promise<StoreUnderTest>): void {
  describe(`stickiness store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.close?.();
    });

    it('reads an unknown session as no pin', async () => {
      expect(await subject.store.get('nobody')).toBeUndefined();
    });

    it('returns what was set, nulls and provider included, per session', async () => {
      const { store } = subject;
      await store.set('a', pin('x/alpha', 'high', 'Acme'));
      await store.set('b', pin('x/beta'));
      expect(await store.get('a')).toEqual(pin('x/alpha', 'high', 'Acme'));
      expect(await store.get('b')).toEqual(pin('x/beta'));
      expect(await store.get('c')).toBeUndefined();
    });

    it('replaces a pin on a second set', async () => {
      const { store } = subject;
      await store.set('a', pin('x/alpha', 'high', 'Acme'));
      await store.set('a', pin('x/gamma', null, null));
      expect(await store.get('a')).toEqual(pin('x/gamma'));
    });

    it('deletes one session; deleting an unknown one is harmless', async () => {
      const { store } = subject;
      await store.set('a', pin('x/alpha'));
      await store.set('b', pin('x/beta'));
      await store.delete('a');
      await store.delete('never-set');
      expect([await store.get('a'), await store.get('b')]).toEqual([undefined, pin('x/beta')]);
    });

    it('keeps session keys apart exactly, whatever they contain', async () => {
      const { store } = subject;
      const keys = ['s', 'S', 's ', 'ünï©ødé 🚀', 'a:b', 'x'.repeat(256)];
      for (const [i, key] of keys.entries()) await store.set(key, pin(`x/m${i}`));
      expect(await Promise.all(keys.map(async (key) => (await store.get(key))?.model))).toEqual(keys.map((_, i) => `x/m${i}`));
    });

    it('expires a pin one TTL after it was set; a lookup does not extend it', async () => {
      const { store, ttlMs, advance } = subject;
      // Margins of a tenth of the TTL keep the real milliseconds that pass during the test
      // (Redis keeps counting) from deciding the outcome.
      const margin = ttlMs / 10;
      await store.set('s', pin('x/alpha'));
      await advance(ttlMs - margin);
      expect(await store.get('s')).toEqual(pin('x/alpha'));
      await advance(2 * margin);
      expect(await store.get('s')).toBeUndefined();
    });

    it('restarts the TTL on each set', async () => {
      const { store, ttlMs, advance } = subject;
      const margin = ttlMs / 10;
      await store.set('s', pin('x/alpha'));
      await advance(ttlMs - margin);
      await store.set('s', pin('x/beta'));
      await advance(ttlMs - margin);
      expect(await store.get('s')).toEqual(pin('x/beta'));
      await advance(2 * margin);
      expect(await store.get('s')).toBeUndefined();
    });

    it('expires only the idle session', async () => {
      const { store, ttlMs, advance } = subject;
      await store.set('idle', pin('x/alpha'));
      await advance(ttlMs / 2);
      await store.set('busy', pin('x/beta'));
      await advance(ttlMs / 2 + ttlMs / 10);
      expect([await store.get('idle'), await store.get('busy')]).toEqual([undefined, pin('x/beta')]);
    });
  });
}
