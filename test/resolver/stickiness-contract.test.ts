import { afterAll, beforeAll } from 'vitest';
import { createMemoryStickinessStore } from '../../src/resolver/index.js';
import { createRedisStickinessStore } from '../../src/router/redis-store.js';
import { redisAdmin } from '../support/redis-admin.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { stickinessStoreContract } from '../support/stickiness-store-contract.js';

/** The same contract, once per store: a fake clock for memory, a real redis-server for Redis. */
stickinessStoreContract('memory', async () => {
  const clock = { t: 0 };
  const ttlMs = 1000;
  return {
    store: createMemoryStickinessStore({ ttlMs, now: () => clock.t }),
    ttlMs,
    advance: async (ms) => void (clock.t += ms),
  };
});

let server: RedisServer;
let admin: Awaited<ReturnType<typeof redisAdmin>>;
let run = 0;
beforeAll(async () => {
  server = await startRedisServer();
  admin = await redisAdmin(server.url);
});
afterAll(async () => {
  admin?.close();
  await server?.stop();
});

stickinessStoreContract('redis', async () => {
  // A namespace per test keeps cases apart on the one server.
  const namespace = `contract:${(run += 1)}`;
  const ttlMs = 60_000;
  const store = await createRedisStickinessStore({ url: server.url, ttlMs, namespace, commandTimeoutMs: 2000 });
  return {
    store,
    ttlMs,
    advance: (ms) => admin.advance(`${namespace}:`, ms),
    close: () => store.close(),
  };
});
