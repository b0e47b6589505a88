import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/resolver/index.js';
import { DEFAULT_REDIS_NAMESPACE, createRedisStickinessStore, type RedisStickinessStore } from '../../src/router/redis-store.js';
import { packageRoot } from '../../src/util/package-root.js';
import { artifact } from '../support/diff-fixtures.js';
import { redisAdmin } from '../support/redis-admin.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

/** The Redis store's own promises, beyond the shared contract, against a real redis-server. */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const pin = { model: 'c/gamma', effort: 'max', provider: 'Acme' };

let server: RedisServer;
let admin: Awaited<ReturnType<typeof redisAdmin>>;
const open: RedisStickinessStore[] = [];
async function store(options: { ttlMs?: number; namespace?: string } = {}): Promise<RedisStickinessStore> {
  const created = await createRedisStickinessStore({ url: server.url, commandTimeoutMs: 2000, ...options });
  open.push(created);
  return created;
}

beforeAll(async () => {
  server = await startRedisServer();
  admin = await redisAdmin(server.url);
});
beforeEach(async () => {
  await admin.client.flushAll();
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  admin?.close();
  await server?.stop();
});

describe('redis store', () => {
  it('a lookup is one GET, a success one SET … PX, a drop one DEL, and nothing else reaches Redis', async () => {
    const s = await store();
    await admin.client.configResetStat();
    await s.get('s');
    await s.set('s', pin);
    await s.delete('s');
    const stats = await admin.client.info('commandstats');
    const calls = Object.fromEntries([...stats.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    delete calls['config|resetstat'];
    delete calls.info;
    expect(calls).toEqual({ get: 1, set: 1, del: 1 });
  });

  it('sets the TTL on success, restarts it on the next success, and a lookup leaves it alone (PTTL)', async () => {
    const s = await store({ ttlMs: 60_000 });
    await s.set('s', pin);
    const key = `${DEFAULT_REDIS_NAMESPACE}:${sha256('s')}`;
    const first = await admin.client.pTTL(key);
    expect(first).toBeGreaterThan(50_000);
    expect(first).toBeLessThanOrEqual(60_000);
    await admin.client.pExpire(key, 10_000);
    expect(await s.get('s')).toEqual(pin);
    expect(await admin.client.pTTL(key)).toBeLessThanOrEqual(10_000);
    await s.set('s', pin);
    expect(await admin.client.pTTL(key)).toBeGreaterThan(50_000);
  });

  it('lets Redis expire a pin on its own after a short TTL', async () => {
    const s = await store({ ttlMs: 80 });
    await s.set('s', pin);
    expect(await s.get('s')).toEqual(pin);
    // Wait for the expiry itself, bounded, rather than for a guessed time.
    const deadline = Date.now() + 5000;
    while ((await s.get('s')) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await s.get('s')).toBeUndefined();
  });

  it('stores only hashed, namespaced keys and the pin JSON: no session id, no prompt text', async () => {
    const session = 'session-SECRET-7f3a user said: please refactor my payment code';
    await (await store()).set(session, pin);
    await (await store({ namespace: 'team-b' })).set(session, { ...pin, model: 'a/alpha' });
    expect(await admin.keys()).toEqual([`${DEFAULT_REDIS_NAMESPACE}:${sha256(session)}`, `team-b:${sha256(session)}`].sort());
    for (const key of await admin.keys()) {
      const value = (await admin.client.get(key))!;
      expect(`${key} ${value}`).not.toMatch(/SECRET|refactor|payment/);
      expect(Object.keys(JSON.parse(value))).toEqual(['model', 'effort', 'provider']);
    }
  });

  it('keeps namespaces apart', async () => {
    const a = await store({ namespace: 'team-a' });
    const b = await store({ namespace: 'team-b' });
    await a.set('s', pin);
    expect([await a.get('s'), await b.get('s')]).toEqual([pin, undefined]);
  });

  it.each([
    ['not JSON', 'model=c/gamma'],
    ['truncated JSON', '{"model":"c/gamma","eff'],
    ['JSON null', 'null'],
    ['an array', '["c/gamma",null,null]'],
    ['a number model', '{"model":7,"effort":null,"provider":null}'],
    ['an empty model', '{"model":"","effort":null,"provider":null}'],
    ['a missing effort', '{"model":"c/gamma","provider":null}'],
    ['a number provider', '{"model":"c/gamma","effort":null,"provider":1}'],
  ])('reads %s under a pin key as no pin, without failing or marking Redis down', async (_, value) => {
    const s = await store();
    await admin.client.set(`${DEFAULT_REDIS_NAMESPACE}:${sha256('s')}`, value);
    expect(await s.get('s')).toBeUndefined();
    expect(s.health()).toEqual({ ok: true, error: null, errors: 0, outages: 0 });
  });

  it('reads a key of another Redis type as no pin, and a success overwrites it', async () => {
    const s = await store();
    await admin.client.hSet(`${DEFAULT_REDIS_NAMESPACE}:${sha256('s')}`, 'model', 'c/gamma');
    expect(await s.get('s')).toBeUndefined();
    expect(s.health().ok).toBe(true);
    await s.set('s', pin);
    expect(await s.get('s')).toEqual(pin);
  });

  it('shares pins between two stores on one Redis, deletes included', async () => {
    const one = await store();
    const two = await store();
    await one.set('s', pin);
    expect(await two.get('s')).toEqual(pin);
    await two.delete('s');
    expect(await one.get('s')).toBeUndefined();
  });

  it('shares pins between two Node processes', async () => {
    const module = path.join(packageRoot(), 'dist', 'src', 'router', 'redis-store.js');
    const script = `
      const { createRedisStickinessStore } = await import(${JSON.stringify(module)});
      const [url, op, session, json] = process.argv.slice(1);
      const store = await createRedisStickinessStore({ url, commandTimeoutMs: 2000 });
      if (op === 'set') await store.set(session, JSON.parse(json));
      else process.stdout.write(JSON.stringify((await store.get(session)) ?? null));
      await store.close();`;
    const node = (...args: string[]) => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, ...args]);
    await node(server.url, 'set', 'shared', JSON.stringify(pin));
    expect(await (await store()).get('shared')).toEqual(pin);
    await (await store()).set('back', { ...pin, provider: null });
    expect(JSON.parse((await node(server.url, 'get', 'back')).stdout)).toEqual({ ...pin, provider: null });
  });

  it('drives the resolver: a success reported by one router pins the session for another', async () => {
    const shortlist = artifact();
    const routerA = createResolver(shortlist, { store: await store() });
    const routerB = createResolver(shortlist, { store: await store() });
    const request = { model: 'pareto-code', session_id: 'agent-42' };
    const before = await routerB.resolve(request);
    expect([before.sticky, before.primary.id]).toEqual([false, 'b/beta@default']);
    await routerA.reportSuccess('agent-42', { entryId: 'c/gamma@max', provider: 'acme' });
    const after = await routerB.resolve(request);
    expect(after).toMatchObject({ sticky: true, provider: 'acme', primary: { id: 'c/gamma@max' } });
    expect(after.fallbacks.map((e) => e.id)).toEqual(['b/beta@default', 'a/alpha@high']);
  });

  it.each([
    ['ttlMs', { ttlMs: 0 }, /ttlMs .* positive whole number .* got 0/],
    ['ttlMs', { ttlMs: 1.5 }, /ttlMs .* got 1.5/],
    ['commandTimeoutMs', { commandTimeoutMs: -1 }, /commandTimeoutMs .* got -1/],
    ['namespace', { namespace: '' }, /namespace must not be empty/],
    ['url', { url: 'http://127.0.0.1:6379' }, /not a redis:\/\/ or rediss:\/\/ URL/],
    ['url', { url: '127.0.0.1:6379' }, /not a redis:\/\/ or rediss:\/\/ URL/],
    ['url', { url: 'redis://127.0.0.1:6379/not-a-db' }, /the Redis URL is invalid: .*pathname/],
  ])('rejects a bad %s with a message that says what to set', async (_, options, message) => {
    await expect(createRedisStickinessStore({ url: server.url, ...options })).rejects.toThrow(message);
  });
});
