import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { ParetoError } from '../../src/errors.js';
import { loadShortlist } from '../../src/resolver/load.js';
import { createRedactor } from '../../src/util/redact.js';
import { artifact } from '../support/diff-fixtures.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const SECRET = 'redirect-test-key-SECRET-0123456789';
const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const http = () =>
  createHttpClient({
    timeoutMs: 2000,
    retries: 2,
    maxRetryAfterSeconds: 5,
    redact: createRedactor([SECRET]),
    baseBackoffMs: 1,
    sleep: async () => {},
  });

/** `origin` redirects /x to `other`/y (another port: another origin); `other` records what it receives. */
async function twoOrigins(status = 302) {
  const other = await startFixtureServer(() => ({ status: 200, body: { from: 'other' } }));
  const origin = await startFixtureServer(
    (req) => (req.path === '/x' ? { status, headers: { location: `${other.baseUrl}/y` } } : undefined),
    (req) => (req.path === '/same' ? { status: 301, headers: { location: '/final' } } : undefined),
    (req) => (req.path === '/final' ? { status: 200, body: { from: 'origin' } } : undefined),
    (req) => (req.path === '/loop' ? { status: 302, headers: { location: '/loop' } } : undefined),
  );
  servers.push(other, origin);
  return { origin, other };
}

async function failure(promise: Promise<unknown>): Promise<ParetoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParetoError);
  return error as ParetoError;
}

describe('redirects', () => {
  it.each([
    ['x-api-key', 302],
    ['authorization', 307],
    ['x-custom-token', 301],
  ] as const)('never sends %s to another origin (%i): the request fails and the other server sees nothing', async (header, status) => {
    const { origin, other } = await twoOrigins(status);
    const value = header === 'authorization' ? `Bearer ${SECRET}` : SECRET;
    const error = await failure(http().get({ url: `${origin.baseUrl}/x`, headers: { [header]: value } }));
    expect(error.message).toContain(`was redirected to another origin (${other.baseUrl})`);
    expect(error.message).not.toContain(SECRET);
    expect(other.requests).toHaveLength(0);
    expect(origin.requests).toHaveLength(1);
  });

  it('follows a redirect within the origin with the credentials', async () => {
    const { origin } = await twoOrigins();
    const res = await http().get({ url: `${origin.baseUrl}/same`, headers: { 'x-api-key': SECRET } });
    expect(JSON.parse(res.body)).toEqual({ from: 'origin' });
    expect(res.url).toBe(`${origin.baseUrl}/final`);
    expect(origin.requests.map((r) => [r.path, r.headers['x-api-key']])).toEqual([
      ['/same', SECRET],
      ['/final', SECRET],
    ]);
  });

  it('follows a cross-origin redirect of a request without credentials', async () => {
    const { origin, other } = await twoOrigins();
    const res = await http().get({ url: `${origin.baseUrl}/x` });
    expect(JSON.parse(res.body)).toEqual({ from: 'other' });
    expect(other.requests).toHaveLength(1);
  });

  it('stops a redirect loop', async () => {
    const { origin } = await twoOrigins();
    const error = await failure(http().get({ url: `${origin.baseUrl}/loop` }));
    expect(error.message).toContain('was redirected more than 10 times');
    expect(origin.requests).toHaveLength(11);
  });

  it('loadShortlist keeps its credential headers on the URL origin', async () => {
    const other = await startFixtureServer(() => ({ status: 200, body: artifact() }));
    const origin = await startFixtureServer(() => ({ status: 302, headers: { location: `${other.baseUrl}/latest.json` } }));
    servers.push(other, origin);
    const error = await failure(loadShortlist(`${origin.baseUrl}/latest.json`, { headers: { authorization: `Bearer ${SECRET}` } }));
    expect(error.message).toContain('redirected to another origin');
    expect(other.requests).toHaveLength(0);
    // Without credentials the redirect is followed and the artifact loads.
    expect((await loadShortlist(`${origin.baseUrl}/latest.json`)).version).toBe(1);
  });
});
