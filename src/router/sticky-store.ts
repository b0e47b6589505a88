import { ParetoError } from '../errors.js';
import { createMemoryStickinessStore, type StickinessStore } from '../resolver/index.js';
import type { Logger } from '../util/log.js';
import type { StoreHealth } from './app.js';

/**
 * The sticky store `pareto serve` uses: in memory for one process, or Redis (`--redis`,
 * PARETO_REDIS_URL) for many. The Redis store is loaded only when asked for, so a router
 * without Redis never loads the client.
 */
export interface LoadedStore {
  readonly store: StickinessStore;
  readonly health?: () => StoreHealth;
  close(): Promise<void>;
}

interface RedisStoreModule {
  createRedisStickinessStore(options: { url: string; ttlMs?: number; log?: Logger }): Promise<StickinessStore & { health(): StoreHealth; close(): Promise<void> }>;
}

export async function loadStickyStore(redisUrl: string | undefined, ttlMs: number, log: Logger, importer: (specifier: string) => Promise<unknown> = (s) => import(s)): Promise<LoadedStore> {
  if (redisUrl === undefined) return { store: createMemoryStickinessStore({ ttlMs }), close: async () => undefined };
  let module: RedisStoreModule;
  try {
    module = (await importer('./redis-store.js')) as RedisStoreModule;
  } catch (error) {
    throw new ParetoError('config', 'this build of pareto has no Redis sticky store, so --redis / PARETO_REDIS_URL cannot be used', {
      hint: 'run without --redis (pins are kept in memory, per process), or use a build that includes src/router/redis-store.ts',
      cause: error,
    });
  }
  const store = await module.createRedisStickinessStore({ url: redisUrl, ttlMs, log });
  return { store, health: () => store.health(), close: () => store.close() };
}
