import { describe, expect, it } from 'vitest';
import { loadStickyStore } from '../../src/router/sticky-store.js';
import { silentLogger } from '../../src/util/log.js';

/** How `pareto serve` picks its sticky store: memory by default, the Redis module when asked. */
describe('loadStickyStore', () => {
  it('without a Redis URL: the in-memory store, no health to report, and the Redis module is never loaded', async () => {
    const loaded = await loadStickyStore(undefined, 1000, silentLogger, () => Promise.reject(new Error('must not be loaded')));
    expect(loaded.store.mode).toBe('sync');
    expect(loaded.health).toBeUndefined();
  });

  it('with a Redis URL: creates the store from the module with the URL and TTL, and exposes its health', async () => {
    const seen: unknown[] = [];
    const fakeModule = {
      createRedisStickinessStore: async (options: unknown) => {
        seen.push(options);
        return {
          mode: 'async',
          get: async () => undefined,
          set: async () => undefined,
          delete: async () => undefined,
          ttlMs: 1000,
          health: () => ({ ok: false, error: 'down', errors: 2, outages: 1 }),
          close: async () => undefined,
        };
      },
    };
    const loaded = await loadStickyStore('redis://127.0.0.1:6390', 1000, silentLogger, async () => fakeModule as never);
    expect(seen).toEqual([{ url: 'redis://127.0.0.1:6390', ttlMs: 1000, log: silentLogger }]);
    expect(loaded.store.mode).toBe('async');
    expect(loaded.health?.()).toEqual({ ok: false, error: 'down', errors: 2, outages: 1 });
  });
});
