import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, retryAfterSeconds } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { ParetoError } from '../../src/errors.js';
import { createRedactor } from '../../src/util/redact.js';
import { startFixtureServer, type FixtureAnswer, type FixtureServer } from '../support/fixture-server.js';

const SECRET = 'http-test-key-SECRET-5566778899';
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const sleeps: number[] = [];
  const http = createHttpClient({
    timeoutMs: 300,
    retries: 2,
    maxRetryAfterSeconds: 5,
    redact: createRedactor([SECRET]),
    baseBackoffMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { http, sleeps };
}

/** Answers from a script, one per request, repeating the last. */
function scripted(...answers: FixtureAnswer[]) {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)];
}

describe('http client', () => {
  it('returns a 2xx answer with lower-cased headers and sends the user agent', async () => {
    server = await startFixtureServer(() => ({ status: 200, body: { ok: true }, headers: { 'X-AA-Tier': 'free' } }));
    const res = await client().http.get({ url: `${server.baseUrl}/x`, headers: { 'x-api-key': SECRET } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(res.headers['x-aa-tier']).toBe('free');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^pareto-router\//);
    expect(server.requests[0]?.headers['x-api-key']).toBe(SECRET);
  });

  it.each([408, 429, 500, 502, 503, 504, 524, 529])('retries %i and then succeeds', async (status) => {
    server = await startFixtureServer(scripted({ status, body: { error: 'busy' } }, { status: 200, body: [] }));
    const { http, sleeps } = client();
    const res = await http.get({ url: `${server.baseUrl}/x` });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after the configured retries with a classified error', async () => {
    server = await startFixtureServer(() => ({ status: 503, body: { error: { code: 503, message: 'overloaded' } } }));
    const attempts: number[] = [];
    const error = await client()
      .http.get({ url: `${server.baseUrl}/x`, beforeAttempt: () => attempts.push(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).message).toContain('answered 503: overloaded');
    expect(server.requests).toHaveLength(3);
    expect(attempts).toHaveLength(3);
  });

  it.each([
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [410, 'gone'],
    [400, 'http'],
  ])('does not retry %i (%s)', async (status, code) => {
    server = await startFixtureServer(() => ({ status, body: { error: 'nope' } }));
    const error = await client()
      .http.get({ url: `${server.baseUrl}/x` })
      .catch((e: unknown) => e);
    expect((error as ParetoError).code).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it('waits a short Retry-After instead of its own backoff', async () => {
    server = await startFixtureServer(scripted({ status: 429, body: '', headers: { 'Retry-After': '3' } }, { status: 200, body: {} }));
    const { http, sleeps } = client();
    await http.get({ url: `${server.baseUrl}/x` });
    expect(sleeps).toEqual([3000]);
  });

  it('fails at once on a Retry-After longer than it may wait, saying how long', async () => {
    server = await startFixtureServer(() => ({ status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '3600' } }));
    const { http, sleeps } = client();
    const error = (await http.get({ url: `${server.baseUrl}/x` }).catch((e: unknown) => e)) as ParetoError;
    expect(error.code).toBe('rate_limited');
    expect(error.hint).toContain('3600');
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a request that never answers, after retries', async () => {
    server = await startFixtureServer(() => ({ hang: true }));
    const error = (await client({ retries: 1 })
      .http.get({ url: `${server.baseUrl}/x` })
      .catch((e: unknown) => e)) as ParetoError;
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('timed out after 300 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('says the network is unreachable for a host that does not resolve, pointing to --sample', async () => {
    const error = (await client({ retries: 0 })
      .http.get({ url: 'http://no-such-host.invalid/x' })
      .catch((e: unknown) => e)) as ParetoError;
    expect(error.code).toBe('network');
    expect(error.hint).toContain('--sample');
  });

  it('retries a refused connection and reports it', async () => {
    const probe = await startFixtureServer();
    const url = `${probe.baseUrl}/x`;
    await probe.close();
    const { http, sleeps } = client({ retries: 1 });
    const error = (await http.get({ url }).catch((e: unknown) => e)) as ParetoError;
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(1);
  });

  it('never lets a key echoed by the server into an error', async () => {
    server = await startFixtureServer(() => ({ status: 401, body: { error: `invalid key ${SECRET}` } }));
    const error = (await client()
      .http.get({ url: `${server.baseUrl}/x?key=${SECRET}` })
      .catch((e: unknown) => e)) as ParetoError;
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toContain('[REDACTED]');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });

  describe('abort', () => {
    it('an abort during a hanging request rejects at once as interrupted, with no retry', async () => {
      server = await startFixtureServer(() => ({ hang: true }));
      const controller = new AbortController();
      const http = createHttpClient({ timeoutMs: 30_000, retries: 3, maxRetryAfterSeconds: 5, redact: createRedactor([]) });
      const started = Date.now();
      const pending = http.get({ url: `${server.baseUrl}/slow`, signal: controller.signal }).catch((e: unknown) => e as ParetoError);
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      const error = await pending;
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toMatchObject({ code: 'interrupted', message: `GET ${server.baseUrl}/slow was interrupted` });
      await new Promise((r) => setTimeout(r, 200));
      expect(server.requests).toHaveLength(1);
    });

    it('an abort during the wait before a retry ends the wait and sends nothing more', async () => {
      server = await startFixtureServer(() => ({ status: 503, body: { error: 'busy' } }));
      const controller = new AbortController();
      let attempts = 0;
      // The real sleep, with a long backoff: only the abort can end it early.
      const http = createHttpClient({
        timeoutMs: 1000,
        retries: 3,
        maxRetryAfterSeconds: 5,
        redact: createRedactor([]),
        baseBackoffMs: 20_000,
      });
      const started = Date.now();
      const pending = http
        .get({ url: `${server.baseUrl}/busy`, signal: controller.signal, beforeAttempt: () => void attempts++ })
        .catch((e: unknown) => e as ParetoError);
      await new Promise((r) => setTimeout(r, 200));
      controller.abort();
      expect(await pending).toMatchObject({ code: 'interrupted' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
    });

    it('an abort during a Retry-After wait ends it and clears its timer, so a stopped process can exit', async () => {
      server = await startFixtureServer(() => ({ status: 503, body: { error: 'busy' }, headers: { 'retry-after': '30' } }));
      const controller = new AbortController();
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const http = createHttpClient({ timeoutMs: 1000, retries: 3, maxRetryAfterSeconds: 60, redact: createRedactor([]) });
      const pending = http.get({ url: `${server.baseUrl}/busy`, signal: controller.signal }).catch((e: unknown) => e as ParetoError);
      await new Promise((r) => setTimeout(r, 150));
      const waiting = timers();
      const stoppedAt = Date.now();
      controller.abort();
      expect(await pending).toMatchObject({
        code: 'interrupted',
        message: `GET ${server.baseUrl}/busy was interrupted`,
        hint: 'run the sync again',
      });
      expect(Date.now() - stoppedAt).toBeLessThan(200);
      expect(timers()).toBe(waiting - 1); // the 30 s wait is gone, not merely no longer awaited
      expect(server.requests).toHaveLength(1);
    });

    it('an already aborted signal sends nothing', async () => {
      server = await startFixtureServer(() => ({ status: 200, body: {} }));
      const controller = new AbortController();
      controller.abort();
      expect(
        await client()
          .http.get({ url: `${server.baseUrl}/x`, signal: controller.signal })
          .catch((e: unknown) => e),
      ).toMatchObject({ code: 'interrupted' });
      expect(server.requests).toHaveLength(0);
    });
  });
});
