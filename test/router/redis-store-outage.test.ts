import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStickinessStore, type RedisStickinessStore } from '../../src/router/redis-store.js';
import type { Logger } from '../../src/util/log.js';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server.js';

/**
 * Redis going away must never stall or fail a request: every call settles (get → no pin), the
 * outage is logged once and shows in health(), and the store picks Redis up again by itself.
 * Each case runs its own redis-server so it can kill, stall or restart it.
 */
const pin = { model: 'c/gamma', effort: null, provider: 'Acme' };
const PASSWORD = 'hunter2-correct-horse-battery';

/** Log lines as they come, and a way to wait for one (an event, not a sleep). */
function watchedLog(): Logger & { lines: string[]; next(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const push = (line: string) => {
    lines.push(line);
    for (const w of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  };
  return {
    lines,
    info: (m) => push(`info ${m}`),
    warn: (m) => push(`warn ${m}`),
    debug: (m) => push(`debug ${m}`),
    next: (pattern) => new Promise((resolve) => waiting.push({ pattern, resolve })),
  };
}

const servers: RedisServer[] = [];
const stores: RedisStickinessStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function setup(options: { commandTimeoutMs?: number; password?: string } = {}) {
  const server = await startRedisServer(options.password === undefined ? {} : { password: options.password });
  servers.push(server);
  const log = watchedLog();
  const store = await createRedisStickinessStore({ url: server.url, log, commandTimeoutMs: options.commandTimeoutMs ?? 2000 });
  stores.push(store);
  return { server, log, store };
}

const warnings = (log: { lines: string[] }) => log.lines.filter((l) => l.startsWith('warn'));

describe('redis store outages', () => {
  it('killed mid-run: calls settle without pins, one warning, not ok; restarted: pins work again and recovery is logged', async () => {
    const { server, log, store } = await setup();
    await store.set('s', pin);
    expect(store.health()).toEqual({ ok: true, error: null, errors: 0, outages: 0 });

    await server.kill();
    for (let i = 0; i < 5; i += 1) {
      expect(await store.get('s')).toBeUndefined();
      await expect(store.set('s', pin)).resolves.toBeUndefined();
      await expect(store.delete('s')).resolves.toBeUndefined();
    }
    const down = store.health();
    expect(down).toMatchObject({ ok: false, outages: 1 });
    expect(down.error).toMatch(/\S/);
    expect(down.errors).toBeGreaterThanOrEqual(15);
    expect(warnings(log)).toHaveLength(1);
    expect(warnings(log)[0]).toMatch(/^warn redis: unavailable \(.+\); serving without shared stickiness/);
    // Nothing is queued for later: a pin attempted during the outage is not replayed after it.
    await store.set('during-outage', pin);

    const recovered = log.next(/available again/);
    await server.restart();
    expect(await recovered).toMatch(/^info redis: available again after \d+ ms \(\d+ commands failed meanwhile\)/);
    // A restarted Redis without persistence is empty: the pin is gone, and a new one works.
    expect(await store.get('s')).toBeUndefined();
    expect(await store.get('during-outage')).toBeUndefined();
    await store.set('s', pin);
    expect(await store.get('s')).toEqual(pin);
    expect(store.health()).toMatchObject({ ok: true, error: null, outages: 1 });
    expect(warnings(log)).toHaveLength(1);
  });

  it('stalled (answers nothing): each call gives up after commandTimeoutMs; answering again is a recovery', async () => {
    const { server, log, store } = await setup({ commandTimeoutMs: 400 });
    await store.set('s', pin);
    expect(store.health().ok).toBe(true);
    server.pause();
    expect(await store.get('s')).toBeUndefined();
    await expect(store.set('t', pin)).resolves.toBeUndefined();
    expect(store.health()).toEqual({ ok: false, error: 'Redis did not answer within 400 ms', errors: 2, outages: 1 });
    expect(warnings(log)).toEqual([
      'warn redis: unavailable (Redis did not answer within 400 ms); serving without shared stickiness and reconnecting in the background',
    ]);
    const recovered = log.next(/available again/);
    server.resume();
    // The first answer after the stall ends the outage; on a loaded machine it may take a retry.
    const deadline = Date.now() + 10_000;
    while ((await store.get('s')) === undefined && Date.now() < deadline);
    expect(await store.get('s')).toEqual(pin);
    expect(await recovered).toMatch(/^info redis: available again/);
    expect(store.health()).toMatchObject({ ok: true, outages: 1 });
  });

  it('down at start: creation does not wait for it, the store serves without pins and picks Redis up when it starts', async () => {
    const port = await freePort();
    const log = watchedLog();
    const store = await createRedisStickinessStore({ url: `redis://127.0.0.1:${port}`, log });
    stores.push(store);
    expect(store.health()).toMatchObject({ ok: false, outages: 1, errors: 0 });
    expect(store.health().error).toMatch(/ECONNREFUSED/);
    expect(await store.get('s')).toBeUndefined();
    expect(store.health().errors).toBe(1);

    const recovered = log.next(/available again/);
    servers.push(await startRedisServer({ port }));
    await recovered;
    await store.set('s', pin);
    expect(await store.get('s')).toEqual(pin);
    expect(warnings(log)).toHaveLength(1);
  });

  it('stalled at start (the handshake is never answered): creation still returns, not ok, and Redis is picked up when it answers', async () => {
    const server = await startRedisServer({ password: PASSWORD });
    servers.push(server);
    server.pause();
    const log = watchedLog();
    const store = await createRedisStickinessStore({ url: server.url, log, commandTimeoutMs: 400 });
    stores.push(store);
    expect(store.health()).toMatchObject({ ok: false, error: 'Redis did not finish the connection handshake within 1000 ms', outages: 1 });
    expect(warnings(log)).toHaveLength(1);
    const recovered = log.next(/available again/);
    server.resume();
    await recovered;
    await store.set('s', pin);
    expect(await store.get('s')).toEqual(pin);
  });

  it('closes promptly while Redis is down, and a closed store answers without pins', async () => {
    const store = await createRedisStickinessStore({ url: `redis://127.0.0.1:${await freePort()}` });
    await store.close();
    expect(await store.get('s')).toBeUndefined();
    await expect(store.set('s', pin)).resolves.toBeUndefined();
  });
});

describe('the Redis password', () => {
  it('works in the URL and never shows in logs or health, also when Redis dies', async () => {
    const { server, log, store } = await setup({ password: PASSWORD });
    await store.set('s', pin);
    expect(await store.get('s')).toEqual(pin);
    await server.kill();
    await store.get('s');
    expect(store.health().ok).toBe(false);
    expect(JSON.stringify([log.lines, store.health()])).not.toContain(PASSWORD);
  });

  it('a wrong password: not ok, with Redis saying why, and neither password anywhere', async () => {
    const { server } = await setup({ password: PASSWORD });
    const wrong = 'wrong-password-4d5e6f';
    const log = watchedLog();
    const store = await createRedisStickinessStore({ url: `redis://:${wrong}@127.0.0.1:${server.port}`, log });
    stores.push(store);
    expect(await store.get('s')).toBeUndefined();
    expect(store.health()).toMatchObject({ ok: false, outages: 1 });
    expect(store.health().error).toMatch(/WRONGPASS|invalid/i);
    expect(JSON.stringify([log.lines, store.health()])).not.toMatch(new RegExp(`${wrong}|${PASSWORD}`));
  });

  it.each([`http://:${PASSWORD}@127.0.0.1:6379`, `redis://:${PASSWORD}@127.0.0.1:6379/db`, `redis://:${PASSWORD}@127.0.0.1:port`])(
    'is not echoed by the error for a bad URL (%#)',
    async (url) => {
      const error = await createRedisStickinessStore({ url }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'config', message: expect.stringMatching(/Redis URL/) });
      expect(JSON.stringify({ message: (error as Error).message, hint: (error as { hint?: string }).hint })).not.toContain(PASSWORD);
    },
  );
});

describe('the test redis-server', () => {
  it('fails with the install command when the binary is missing, instead of skipping', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(/apt-get install redis-server/);
  });

  it('reports why a server could not start (its port is taken) instead of waiting for it', async () => {
    const first = await startRedisServer();
    servers.push(first);
    await expect(startRedisServer({ port: first.port })).rejects.toThrow(
      /exited \(code 1\) before it was ready:[^]*Address already in use/,
    );
  });
});
