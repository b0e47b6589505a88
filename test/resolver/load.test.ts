import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { loadShortlist } from '../../src/resolver/load.js';
import { createRedactor } from '../../src/util/redact.js';
import { artifact } from '../support/diff-fixtures.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const TOKEN = 'signed-url-token-0123456789';
const good = JSON.stringify(artifact(undefined, { version: 4 }));
/** Valid JSON and schema, but the content no longer matches its hash. */
const tampered = (() => {
  const json = JSON.parse(good) as { field: { size: number } };
  json.field.size += 1;
  return JSON.stringify(json);
})();

const http = createHttpClient({
  timeoutMs: 2000,
  retries: 1,
  maxRetryAfterSeconds: 1,
  redact: createRedactor([TOKEN]),
  sleep: async () => {},
});

async function failure(promise: Promise<unknown>): Promise<ParetoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParetoError);
  return error as ParetoError;
}

describe('loadShortlist from a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pareto-load-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(text: string): string {
    const target = path.join(dir, 'latest.json');
    writeFileSync(target, text);
    return target;
  }

  it('loads and verifies a valid artifact', async () => {
    const shortlist = await loadShortlist(file(good));
    expect(shortlist.version).toBe(4);
    expect(shortlist.contentHash).toBe(artifact().contentHash);
  });

  it('says a missing file does not exist, and how to publish one', async () => {
    const missing = path.join(dir, 'nope.json');
    const error = await failure(loadShortlist(missing));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(`shortlist file ${missing} does not exist`);
    expect(error.hint).toContain('`pareto update --sample`');
  });

  it('says a path it cannot read is unreadable', async () => {
    const error = await failure(loadShortlist(dir));
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/cannot read shortlist file .* \(EISDIR\)/);
  });

  it('rejects a truncated file', async () => {
    const error = await failure(loadShortlist(file(good.slice(0, good.length / 2))));
    expect(error.code).toBe('schema');
    expect(error.message).toMatch(/latest\.json is truncated/);
  });

  it('rejects a tampered file whose content does not match its hash', async () => {
    const error = await failure(loadShortlist(file(tampered)));
    expect(error.code).toBe('schema');
    expect(error.message).toMatch(/latest\.json is tampered or corrupted/);
  });
});

describe('loadShortlist from a URL', () => {
  let server: FixtureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('loads a valid artifact with the default client', async () => {
    server = await startFixtureServer(() => ({ status: 200, body: good }));
    const shortlist = await loadShortlist(`${server.baseUrl}/shortlists/latest.json`);
    expect(shortlist.version).toBe(4);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^pareto-router/);
  });

  it('sends extra headers, e.g. credentials for a private bucket', async () => {
    server = await startFixtureServer((req) =>
      req.headers.authorization === 'Bearer x' ? { status: 200, body: good } : { status: 401, body: 'no' },
    );
    await expect(loadShortlist(`${server.baseUrl}/latest.json`, { http, headers: { authorization: 'Bearer x' } })).resolves.toMatchObject({
      version: 4,
    });
  });

  it('reports a 404 and a 500 as HTTP errors naming the URL', async () => {
    server = await startFixtureServer((req) =>
      req.path === '/gone.json' ? { status: 404, body: 'not here' } : { status: 500, body: { error: 'disk full' } },
    );
    const missing = await failure(loadShortlist(`${server.baseUrl}/gone.json`, { http }));
    expect(missing).toBeInstanceOf(HttpError);
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`GET ${server.baseUrl}/gone.json answered 404: not here`);
    const broken = await failure(loadShortlist(`${server.baseUrl}/latest.json`, { http }));
    expect(broken.status).toBe(500);
    expect(broken.message).toMatch(/answered 500: disk full/);
  });

  it('reports a refused connection as a network error', async () => {
    server = await startFixtureServer();
    const url = `${server.baseUrl}/latest.json`;
    await server.close();
    server = undefined;
    const error = await failure(loadShortlist(url, { http }));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('rejects a tampered body, naming the URL without its secret', async () => {
    server = await startFixtureServer(() => ({ status: 200, body: tampered }));
    const url = `${server.baseUrl}/latest.json?token=${TOKEN}`;
    const error = await failure(loadShortlist(url, { http, redact: createRedactor([TOKEN]) }));
    expect(error.code).toBe('schema');
    expect(error.message).toContain(`${server.baseUrl}/latest.json?token=[REDACTED] is tampered or corrupted`);
    expect(error.message).not.toContain(TOKEN);
  });
});
