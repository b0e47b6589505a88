import { createMemoryStickinessStore, type StickinessStore } from '../resolver/index.js';
import type { Logger } from '../util/log.js';
import type { StoreHealth } from './app.js';

/**
 * The sticky store `pareto serve` uses: in memory for one process, or Redis (`--redis`,
 * PARETO_REDIS_URL) for many. The Redis store (and so the Redis client) is imported only when
 * asked for, so a router without Redis never loads it.
 */
export interface LoadedStore {
  readonly store: StickinessStore;
  readonly health?: () => StoreHealth;
  close(): Promise<void>;
}

type RedisStoreModule = typeof import('./redis-store.js');

export async function loadStickyStore(
  redisUrl: string | undefined,
  ttlMs: number,
  log: Logger,
  importer: () => Promise<RedisStoreModule> = () => import('./redis-store.js'),
): Promise<LoadedStore> {
  if (redisUrl === undefined) return { store: createMemoryStickinessStore({ ttlMs }), close: async () => undefined };
  const { createRedisStickinessStore } = await importer();
  const store = await createRedisStickinessStore({ url: redisUrl, ttlMs, log });
  return { store, health: () => store.health(), close: () => store.close() };
}
