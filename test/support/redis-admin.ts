import { createClient } from 'redis';

/**
 * A plain node-redis client for tests to look inside Redis (keys, values, TTLs) behind the
 * store's back. Errors are swallowed so a test that kills the server does not crash on them.
 */
export async function redisAdmin(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: 50 } });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    /** Every key, optionally under one namespace prefix. */
    async keys(prefix = ''): Promise<string[]> {
      const found: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) found.push(...batch);
      return found.sort();
    },
    /** Time passing for the keys under `prefix`: each remaining TTL shrinks by `ms` (0 or less deletes). */
    async advance(prefix: string, ms: number): Promise<void> {
      for (const key of await this.keys(prefix)) {
        const left = await client.pTTL(key);
        if (left >= 0) await client.pExpire(key, Math.max(0, Math.round(left - ms)));
      }
    },
    /**
     * Resolves once a key not in `before` exists: a router pins after its answer is sent, so a
     * test that reads the pin through another router waits for the write first.
     */
    async newKey(before: readonly string[], timeoutMs = 5_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const added = (await this.keys()).find((k) => !before.includes(k));
        if (added !== undefined) return added;
        if (Date.now() > deadline) throw new Error(`no new key in Redis within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => client.destroy(),
  };
}
