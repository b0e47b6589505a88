import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/diff-fixtures.js';
import { startFakeOpenRouter, type FakeOpenRouter } from '../support/fake-openrouter.js';
import { redisAdmin } from '../support/redis-admin.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { ask } from '../support/router-harness.js';
import { runCli } from '../support/run-cli.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/**
 * `pareto serve --workers 2` as a user runs it: one real primary process with two real worker
 * processes behind one port, on a real `redis-server`. Every request below goes on a connection
 * of its own, so the primary hands them to the workers in turn.
 */
let fake: FakeOpenRouter;
let redis: RedisServer;
let cwd: string;
let router: ServeProcess;
const env = () => ({ OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_API_KEY: 'sk-or-e2e-server-key', PARETO_LOG_FORMAT: 'json' });

beforeAll(async () => {
  [fake, redis] = await Promise.all([startFakeOpenRouter(), startRedisServer()]);
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-serve-workers-'));
  const shortlists = path.join(cwd, 'data', 'shortlists');
  mkdirSync(shortlists, { recursive: true });
  writeFileSync(path.join(shortlists, 'latest.json'), JSON.stringify(artifact()));
  router = await startServe({ cwd, args: ['--workers', '2', '--redis', redis.url], env: env() });
}, 30_000);

afterAll(async () => {
  await router?.stop();
  await Promise.all([fake?.close(), redis?.stop()]);
});

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/** One request on a new connection (no keep-alive pool that would pin every request to one worker). */
function once(base: string, pathname: string, body?: object, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(pathname, base),
      { method: body ? 'POST' : 'GET', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** The pids of the processes that wrote the request log lines so far. */
function requestPids(stderr: string): number[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes('"msg":"request id='))
    .map((l) => (JSON.parse(l) as { pid: number }).pid);
}

const requestLines = (n: number) => new RegExp(`("msg":"request id=[^\\n]*\\n[^]*){${n}}`);

describe('pareto serve --workers 2', () => {
  it('prints one listening line, and the requests are served by both workers', async () => {
    const before = requestPids(router.stderr()).length;
    for (let i = 0; i < 4; i++) expect((await once(router.url, '/v1/chat/completions', ask())).status).toBe(200);
    await router.logged(requestLines(before + 4));
    const pids = new Set(requestPids(router.stderr()).slice(before));
    expect(pids.size).toBe(2);
    expect(pids.has(router.child.pid!)).toBe(false);
    expect(router.stderr()).toMatch(/2 workers serving; pins are shared through Redis/);
  });

  it('shows the whole router on /metrics, whichever worker the scrape lands on', async () => {
    const counted = (text: string) =>
      [...text.matchAll(/^pareto_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    const first = await once(router.url, '/metrics');
    expect(first.text).toMatch(/^pareto_workers\{state="configured"\} 2$/m);
    expect(first.text).toMatch(/^pareto_workers\{state="reporting"\} 2$/m);
    const total = counted(first.text);
    expect(total).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < 3; i++) expect((await once(router.url, '/v1/chat/completions', ask())).status).toBe(200);
    // Consecutive scrapes land on different workers; each reports the sum of both.
    const scrapes = await Promise.all([1, 2, 3, 4].map(() => once(router.url, '/metrics')));
    for (const s of scrapes) {
      expect(counted(s.text)).toBe(total + 3);
      expect(s.text).toMatch(/^pareto_requests_total\{router_model="pareto-code",tier="high",status="200",attempt="1"\} \d+$/m);
      // One family of each name: the workers' series are added, not listed twice.
      expect(s.text.match(/^# TYPE pareto_requests_total /gm)).toHaveLength(1);
      expect(s.text).toMatch(/^pareto_shortlist_version 1$/m);
      expect(s.text).toMatch(/^pareto_sticky_store_up 1$/m);
    }
  });

  it('a session pinned by one worker is sticky on the other', async () => {
    const admin = await redisAdmin(redis.url);
    const keys = await admin.keys();
    fake.fault('b/beta', { kind: 'status', status: 503 });
    const before = requestPids(router.stderr()).length;
    const first = await once(router.url, '/v1/chat/completions', ask(), { 'x-session-id': 'workers-1' });
    expect(first.headers['x-pareto-model']).toBe('c/gamma');
    fake.fault('b/beta', null);
    // The pin is written once the answer is sent: the other worker sees it once Redis has it.
    await admin.newKey(keys);
    await admin.close();
    const next = [];
    for (let i = 0; i < 4; i++) next.push(await once(router.url, '/v1/chat/completions', ask(), { 'x-session-id': 'workers-1' }));
    for (const a of next) {
      expect(a.headers['x-pareto-model']).toBe('c/gamma');
      expect(a.headers['x-pareto-sticky']).toBe('true');
    }
    await router.logged(requestLines(before + 5));
    expect(new Set(requestPids(router.stderr()).slice(before + 1)).size).toBe(2);
  });

  it('replaces a worker that dies, and keeps serving', async () => {
    const victim = requestPids(router.stderr()).at(-1)!;
    process.kill(victim, 'SIGKILL');
    await router.logged(new RegExp(`worker ${victim} exited \\(SIGKILL\\); starting another`));
    await router.logged(/("msg":"serving shortlist[^\n]*\n[^]*){3}/);
    for (let i = 0; i < 4; i++) expect((await once(router.url, '/v1/chat/completions', ask())).status).toBe(200);
    expect((await once(router.url, '/metrics')).text).toMatch(/^pareto_workers\{state="reporting"\} 2$/m);
  });
});

describe('pareto serve --workers: start and stop', () => {
  it('SIGTERM lets a stream in flight finish on its worker, then every process exits 0', async () => {
    const own = await startServe({ cwd, args: ['--workers', '2', '--redis', redis.url], env: env() });
    fake.set({ chunks: 5, chunkDelayMs: 60 });
    try {
      const answer = once(own.url, '/v1/chat/completions', { ...ask(), stream: true });
      await fake.nextCall();
      own.child.kill('SIGTERM');
      const streamed = await answer;
      expect(streamed.status).toBe(200);
      expect(streamed.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(await own.exit).toBe(0);
      expect(own.stderr()).toMatch(/SIGTERM: stopping 2 worker\(s\)/);
      expect(own.stderr().match(/stopped; every request in flight finished/g)).toHaveLength(2);
    } finally {
      fake.set({});
      own.child.kill('SIGKILL');
    }
  });

  it('refuses more than one worker without Redis, and a worker count that is not one', async () => {
    const noRedis = await runCli(['serve', '--port', '0', '--workers', '2'], { cwd, env: env() });
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr).toContain('--workers 2 needs a Redis to share sticky sessions between the workers');
    expect(noRedis.stderr).toContain('--redis');
    const fromEnv = await runCli(['serve', '--port', '0'], { cwd, env: { ...env(), PARETO_WORKERS: '3' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('PARETO_WORKERS=3 needs a Redis');
    const bad = await runCli(['serve', '--port', '0', '--workers', 'many'], { cwd, env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers must be a whole number from 1 to 256, or auto');
  });

  it('a worker that cannot start ends the router with its error, said once', async () => {
    const result = await runCli(
      ['serve', '--port', '0', '--workers', '2', '--redis', redis.url, '--shortlist', path.join(cwd, 'nope.json')],
      {
        cwd,
        env: env(),
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.match(/does not exist/g)).toHaveLength(1);
  });
});
