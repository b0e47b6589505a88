import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/diff-fixtures.js';
import { startFakeOpenRouter, type FakeOpenRouter } from '../support/fake-openrouter.js';
import { redisAdmin } from '../support/redis-admin.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { ask } from '../support/router-harness.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/**
 * Two real `pareto serve` processes on one real `redis-server`: a session pinned through one
 * router is sticky on the other, and Redis dying mid-run leaves both serving (unsticky).
 */
let fake: FakeOpenRouter;
let redis: RedisServer;
let cwd: string;
let routers: ServeProcess[] = [];

beforeAll(async () => {
  [fake, redis] = await Promise.all([startFakeOpenRouter(), startRedisServer()]);
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-serve-redis-'));
  const shortlists = path.join(cwd, 'data', 'shortlists');
  mkdirSync(shortlists, { recursive: true });
  const text = JSON.stringify(artifact());
  writeFileSync(path.join(shortlists, '1.json'), text);
  writeFileSync(path.join(shortlists, 'latest.json'), text);
  const env = { OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_API_KEY: 'sk-or-e2e-server-key' };
  routers = await Promise.all([
    startServe({ cwd, args: ['--redis', redis.url], env }),
    startServe({ cwd, env: { ...env, PARETO_REDIS_URL: redis.url } }),
  ]);
}, 30_000);

afterAll(async () => {
  const codes = await Promise.all(routers.map((r) => r.stop()));
  await Promise.all([fake?.close(), redis?.stop()]);
  expect(codes).toEqual([0, 0]);
});

const chat = (router: ServeProcess, session: string) =>
  fetch(`${router.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-id': session },
    body: JSON.stringify(ask()),
  });

describe('pareto serve × 2 on one Redis', () => {
  it('a session pinned through router A is sticky on router B; Redis holds only hashed, namespaced keys', async () => {
    const [a, b] = routers as [ServeProcess, ServeProcess];
    await Promise.all([a.logged(/redis: connected/), b.logged(/redis: connected/)]);
    const admin = await redisAdmin(redis.url);
    try {
      fake.fault('b/beta', { kind: 'status', status: 503 });
      const first = await chat(a, 'conversation-42');
      expect(first.status).toBe(200);
      expect(first.headers.get('x-pareto-model')).toBe('c/gamma');
      expect(first.headers.get('x-pareto-attempt')).toBe('2');
      fake.fault('b/beta', null);
      // A pins after its answer is sent: B reads the pin once it is written.
      await admin.newKey([]);

      // The primary is healthy again, but the session stays on what served it, through the other process.
      const second = await chat(b, 'conversation-42');
      expect(second.headers.get('x-pareto-model')).toBe('c/gamma');
      expect(second.headers.get('x-pareto-sticky')).toBe('true');
      // A session nobody pinned goes to the primary on either router.
      expect((await chat(b, 'conversation-43')).headers.get('x-pareto-model')).toBe('b/beta');

      const keys = await admin.keys();
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key).toMatch(/^pareto:sticky:v1:[0-9a-f]{64}$/);
      expect(keys.join('\n')).not.toContain('conversation-42');
    } finally {
      await admin.close();
    }
    for (const r of routers) expect((await fetch(`${r.url}/readyz`)).status).toBe(200);
  });

  it('Redis killed mid-run: both keep serving (unsticky), /readyz says why, the outage is logged once and counted; back when Redis is', async () => {
    const [a, b] = routers as [ServeProcess, ServeProcess];
    await redis.kill();
    for (let i = 0; i < 5; i++) {
      for (const r of [a, b]) {
        const res = await chat(r, 'conversation-42');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-pareto-sticky')).toBe('false');
        expect(res.headers.get('x-pareto-model')).toBe('b/beta');
      }
    }
    await Promise.all([a.logged(/redis: unavailable/), b.logged(/redis: unavailable/)]);
    const ready = await fetch(`${a.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { store: string }).store).toBe('down');
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_sticky_store_up 0$/m);
    expect(metrics).toMatch(/^pareto_sticky_store_outages_total 1$/m);
    for (const r of routers) expect(r.stderr().match(/redis: unavailable/g)).toHaveLength(1);

    await redis.restart();
    await Promise.all([a.logged(/redis: available again/), b.logged(/redis: available again/)]);
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
    // Pins work again: a success through B is sticky on A, once B has written it.
    const admin = await redisAdmin(redis.url);
    try {
      const before = await admin.keys();
      fake.fault('b/beta', { kind: 'status', status: 503 });
      expect((await chat(b, 'conversation-44')).headers.get('x-pareto-model')).toBe('c/gamma');
      fake.fault('b/beta', null);
      await admin.newKey(before);
      expect((await chat(a, 'conversation-44')).headers.get('x-pareto-sticky')).toBe('true');
    } finally {
      await admin.close();
    }
  }, 30_000);
});
