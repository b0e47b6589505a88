import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/diff-fixtures.js';
import { startFakeOpenRouter, type FakeOpenRouter } from '../support/fake-openrouter.js';
import { runCli } from '../support/run-cli.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/** The real `pareto serve` binary, spawned on a free port, against the fake OpenRouter. */
let fake: FakeOpenRouter;
let cwd: string;
beforeAll(async () => {
  fake = await startFakeOpenRouter();
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-serve-'));
  mkdirSync(path.join(cwd, 'data', 'shortlists'), { recursive: true });
  const text = JSON.stringify(artifact());
  writeFileSync(path.join(cwd, 'data', 'shortlists', '1.json'), text);
  writeFileSync(path.join(cwd, 'data', 'shortlists', 'latest.json'), text);
});
afterAll(() => fake.close());

function serve(args: string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  return startServe({ cwd, args, env: { OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_API_KEY: 'sk-or-e2e-server-key', ...env } });
}

const chat = (url: string, body: object) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('pareto serve (the real binary)', () => {
  it('prints the listening line, routes pareto-code from the latest shortlist with the server key, logs one line per request without the key', async () => {
    const s = await serve();
    try {
      const res = await chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'secret prompt text' }] });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-pareto-model')).toBe('b/beta');
      expect(fake.calls.at(-1)!.headers.authorization).toBe('Bearer sk-or-e2e-server-key');
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      // The report of the shortlist it routes from, at /.
      const page = await fetch(`${s.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('Shortlist version 1');
      expect(html).toContain('Source: Artificial Analysis');
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
    expect(s.stderr()).toMatch(
      /request id=\S+ router_model=pareto-code tier=high version=1 model=b\/beta effort=default attempts=1 status=200/,
    );
    expect(s.stderr()).not.toContain('sk-or-e2e-server-key');
    expect(s.stderr()).not.toContain('secret prompt text');
    expect(s.stderr()).toContain('credentials: clients on this machine are served with OPENROUTER_API_KEY (a loopback address)');
  });

  it('swaps in a newer shortlist published while it runs, and refuses an invalid one while the last good keeps serving', async () => {
    const file = path.join(cwd, 'watched.json');
    writeFileSync(file, JSON.stringify(artifact()));
    const s = await serve(['--shortlist', file], { PARETO_RELOAD_INTERVAL_MS: '100' });
    const logged = s.logged;
    try {
      writeFileSync(file, '{"version": 2, "truncated');
      await logged(/shortlist not reloaded, v1 keeps serving/);
      expect(
        (await chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] })).headers.get('x-pareto-version'),
      ).toBe('1');
      writeFileSync(file, JSON.stringify(artifact(undefined, { version: 2 })));
      await logged(/shortlist v2 in use \(was v1\)/);
      expect(
        (await chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] })).headers.get('x-pareto-version'),
      ).toBe('2');
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('a shortlist source that goes away is logged once while it stays away, and once when it is back', async () => {
    const file = path.join(cwd, 'comes-and-goes.json');
    writeFileSync(file, JSON.stringify(artifact()));
    const s = await serve(['--shortlist', file], { PARETO_RELOAD_INTERVAL_MS: '50' });
    try {
      rmSync(file);
      await s.logged(/shortlist not reloaded, v1 keeps serving: shortlist file .* does not exist/);
      writeFileSync(file, JSON.stringify(artifact()));
      await s.logged(/shortlist source .*comes-and-goes\.json answers again, after (\d+) failed check\(s\)/);
      const failed = Number(/answers again, after (\d+) failed/.exec(s.stderr())![1]);
      expect(failed).toBeGreaterThanOrEqual(1);
      expect(s.stderr().match(/does not exist/g)).toHaveLength(1);
      expect((await chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('on SIGTERM stops accepting, lets the request in flight finish, then exits 0', async () => {
    const s = await serve();
    fake.fault('b/beta', { kind: 'delay', ms: 600 });
    try {
      const arrived = fake.nextCall();
      const pending = chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] });
      await arrived;
      s.child.kill('SIGTERM');
      const res = await pending;
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).model).toBe('b/beta');
      expect(await s.exit).toBe(0);
      await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    } finally {
      fake.fault('b/beta', null);
    }
    expect(s.stderr()).toContain('every request in flight finished');
  });

  it('after SIGTERM: the answer in flight says Connection: close, and a request still arriving on an open connection gets 503 shutting_down', async () => {
    const s = await serve();
    fake.fault('b/beta', { kind: 'delay', ms: 500 });
    const client = new Client(s.url);
    // A connection that has sent half its request when shutdown begins: Node keeps it (it is
    // not idle), so the router itself must answer the request that completes afterwards.
    const late = net.connect(Number(new URL(s.url).port), '127.0.0.1');
    let answer = '';
    late.on('data', (c: Buffer) => (answer += c.toString()));
    const lateClosed = new Promise((resolve) => late.on('close', resolve));
    try {
      const body = JSON.stringify({ model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] });
      const arrived = fake.nextCall();
      const inFlight = client.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await new Promise<void>((resolve) => late.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n', () => resolve()));
      await arrived;
      s.child.kill('SIGTERM');
      await s.logged(/SIGTERM: not accepting new requests/);
      late.write(`content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await lateClosed;
      const [head, text] = answer.split('\r\n\r\n') as [string, string];
      expect(head).toMatch(/^HTTP\/1\.1 503 /);
      expect(head).toMatch(/^connection: close$/im);
      expect(head).toMatch(/^retry-after: 1$/im);
      expect((JSON.parse(text) as any).error).toMatchObject({ code: 'shutting_down', type: 'server_error' });

      const first = await inFlight;
      expect(first.statusCode).toBe(200);
      expect(first.headers.connection).toBe('close');
      expect(((await first.body.json()) as any).model).toBe('b/beta');
      expect(await s.exit).toBe(0);
    } finally {
      fake.fault('b/beta', null);
      late.destroy();
      await client.close().catch(() => undefined);
    }
  });

  it('cuts what is still in flight at PARETO_SHUTDOWN_GRACE_MS and still exits 0', async () => {
    const s = await serve([], { PARETO_SHUTDOWN_GRACE_MS: '200', PARETO_FIRST_BYTE_TIMEOUT_MS: '60000' });
    fake.fault('b/beta', { kind: 'hang' });
    try {
      const arrived = fake.nextCall();
      const pending = chat(s.url, { model: 'pareto-code', messages: [{ role: 'user', content: 'hi' }] }).catch((e: Error) => e);
      await arrived;
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
      expect(await pending).toBeInstanceOf(Error);
    } finally {
      fake.fault('b/beta', null);
    }
    expect(s.stderr()).toContain('1 request(s) still in flight were cut');
  });

  it('a port in use or out of range stops it at start, naming the flag (exit 2), even with a Redis that is down and still being retried', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as net.AddressInfo).port);
    try {
      const env = { OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_API_KEY: 'sk-or-e2e-server-key' };
      // Before, the Redis client's reconnecting kept the process alive after the error: this run would not end.
      const inUse = await runCli(['serve', '--port', port, '--redis', 'redis://127.0.0.1:1'], { cwd, env });
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain(`cannot listen on 127.0.0.1:${port}: another process is listening there`);
      expect(inUse.stderr).toContain('--port 0 picks a free one');
      expect(inUse.stdout).not.toContain('listening on');
      const range = await runCli(['serve', '--port', '70000'], { cwd, env });
      expect(range.code).toBe(2);
      expect(range.stderr).toContain('--port must be at most 65535, got 70000');
    } finally {
      taken.close();
    }
  });

  it('a bad router setting stops it at start, naming the variable (exit 2)', async () => {
    await expect(serve([], { PARETO_DEFAULT_MIN_CODING_SCORE: '1.5' })).rejects.toThrow(
      /exited with 2 .*PARETO_DEFAULT_MIN_CODING_SCORE must be a number from 0 to 1/s,
    );
  });
});
