import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseShortlist } from '../../src/artifact/load.js';
import type { Shortlist } from '../../src/artifact/schema.js';
import type { ParetoError } from '../../src/errors.js';
import { createHttpClient } from '../../src/http/client.js';
import { watchShortlist, type Schedule, type WatchShortlistOptions } from '../../src/resolver/watch.js';
import { artifact, baseContent, patched } from '../support/diff-fixtures.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

// The real parser, counted, so a test can prove an unchanged source was not parsed again.
vi.mock('../../src/artifact/load.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/artifact/load.js')>();
  return { ...actual, parseShortlist: vi.fn(actual.parseShortlist) };
});
const parses = vi.mocked(parseShortlist);

const v1 = artifact(baseContent(), { version: 1 });
const v2 = artifact(baseContent(patched({ 'b/beta@default': (e) => ({ ...e, percentile: 96 }) })), { version: 2 });
const v3 = artifact(baseContent(patched({ 'i/iota@default': () => null })), { version: 3 });
const text = (s: Shortlist) => JSON.stringify(s);
const tampered = (s: Shortlist) => text({ ...s, field: { ...s.field, size: s.field.size + 1 } });

const http = createHttpClient({ timeoutMs: 2000, retries: 1, maxRetryAfterSeconds: 1, redact: (t) => t, sleep: async () => {} });

/** A scheduler the test fires by hand, so no test waits for a real interval. */
function manualSchedule() {
  const pending: { callback: () => void; ms: number }[] = [];
  const schedule: Schedule = (callback, ms) => {
    const job = { callback, ms };
    pending.push(job);
    return () => void pending.splice(pending.indexOf(job) >>> 0, 1);
  };
  return { schedule, pending };
}

function recorder(overrides: Partial<WatchShortlistOptions> = {}) {
  const updates: [Shortlist, Shortlist][] = [];
  const errors: ParetoError[] = [];
  const options: WatchShortlistOptions = {
    intervalMs: 60_000,
    http,
    schedule: manualSchedule().schedule,
    onUpdate: (next, previous) => void updates.push([next, previous]),
    onError: (error) => void errors.push(error),
    ...overrides,
  };
  return { options, updates, errors };
}

beforeEach(() => {
  // Braces matter: a function returned from beforeEach would be run as its teardown.
  parses.mockClear();
});

describe('watchShortlist over HTTP', () => {
  let server: FixtureServer | undefined;
  let served: { status: number; body: string; etag?: string };
  const LAST_MODIFIED = 'Sat, 01 Aug 2026 00:00:00 GMT';
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(first: Shortlist): Promise<string> {
    served = { status: 200, body: text(first), etag: `"v${first.version}"` };
    server = await startFixtureServer((req) => {
      if (served.etag && req.headers['if-none-match'] === served.etag) return { status: 304, headers: { etag: served.etag } };
      return {
        status: served.status,
        body: served.body,
        headers: { ...(served.etag ? { etag: served.etag } : {}), 'last-modified': LAST_MODIFIED },
      };
    });
    return `${server.baseUrl}/shortlists/latest.json`;
  }
  const lastRequest = () => server?.requests.at(-1)?.headers;

  it('sends the ETag and Last-Modified back and treats 304 as unchanged without parsing', async () => {
    const { options, updates, errors } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    const first = watcher.current();
    expect(parses).toHaveBeenCalledTimes(1);
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(lastRequest()).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': LAST_MODIFIED });
    expect(parses).toHaveBeenCalledTimes(1);
    expect(watcher.current()).toBe(first);
    expect([updates, errors]).toEqual([[], []]);
  });

  it('swaps in a newer version and calls onUpdate with (new, previous)', async () => {
    const { options, updates } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    const previous = watcher.current();
    served = { status: 200, body: text(v2), etag: '"v2"' };
    await expect(watcher.refresh()).resolves.toBe('updated');
    expect(watcher.current()).toEqual(v2);
    expect(updates).toEqual([[v2, previous]]);
    expect(updates[0]?.[1]).toBe(previous);
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(lastRequest()?.['if-none-match']).toBe('"v2"');
  });

  it('treats the same version under a new ETag as unchanged', async () => {
    const { options, updates } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    served = { ...served, etag: '"after-a-restart"' };
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(updates).toEqual([]);
  });

  it('keeps the last good version when a body is tampered or truncated, reporting each once', async () => {
    const { options, updates, errors } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    served = { status: 200, body: tampered(v2), etag: '"bad"' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/shortlists\/latest\.json is tampered or corrupted/),
    ]);
    // The same bad answer again is a 304: not downloaded, parsed or reported a second time.
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    served = { status: 200, body: text(v2).slice(0, 500), etag: '"cut"' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors.at(-1)?.message).toMatch(/latest\.json is truncated/);
    expect(errors).toHaveLength(2);
    expect(watcher.current()).toEqual(v1);
    served = { status: 200, body: text(v2), etag: '"v2"' };
    await expect(watcher.refresh()).resolves.toBe('updated');
    expect(updates.map(([next, previous]) => [next.version, previous.version])).toEqual([[2, 1]]);
  });

  it('keeps the last good version through an HTTP 500 and a refused connection', async () => {
    const { options, errors } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    served = { status: 500, body: '{"error":"disk full"}' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors[0]).toMatchObject({ code: 'http', status: 500, message: expect.stringMatching(/answered 500: disk full$/) });
    await server?.close();
    server = undefined;
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors[1]).toMatchObject({ code: 'network', message: expect.stringMatching(/ECONNREFUSED/) });
    expect(watcher.current()).toEqual(v1);
  });

  it('reports a source it cannot read once per outage, a different failure when it changes, and the recovery once', async () => {
    const recovered: number[] = [];
    const { options, errors } = recorder({ onRecovered: (n) => void recovered.push(n) });
    const watcher = await watchShortlist(await serve(v1), options);
    served = { status: 500, body: '{"error":"down"}' };
    for (let i = 0; i < 3; i++) await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors).toHaveLength(1);
    served = { status: 503, body: '{"error":"maintenance"}' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors.map((e) => e.status)).toEqual([500, 503]);
    expect(recovered).toEqual([]);
    // Back with what it served before: unchanged, and the outage of 4 checks is over.
    served = { status: 200, body: text(v1), etag: '"v1"' };
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(recovered).toEqual([4]);
    // A new outage is reported again, even with the same failure as the last one.
    served = { status: 503, body: '{"error":"maintenance"}' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors.map((e) => e.status)).toEqual([500, 503, 503]);
    expect(watcher.current()).toEqual(v1);
  });

  it('ignores an older version, and other content under the same version, with a warning', async () => {
    const { options, updates, errors } = recorder();
    const watcher = await watchShortlist(await serve(v3), options);
    served = { status: 200, body: text(v2), etag: '"v2"' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors[0]).toMatchObject({
      code: 'schema',
      message: expect.stringMatching(/serves version 2, older than version 3 in use; keeping version 3$/),
    });
    served = { status: 200, body: text({ ...v2, version: 3 }), etag: '"v3-again"' };
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors[1]?.message).toMatch(/serves version 3 with other content/);
    expect(watcher.current()).toEqual(v3);
    expect(updates).toEqual([]);
  });

  it('runs overlapping refreshes one after the other', async () => {
    const { options } = recorder();
    const watcher = await watchShortlist(await serve(v1), options);
    served = { status: 200, body: text(v2), etag: '"v2"' };
    const outcomes = await Promise.all([watcher.refresh(), watcher.refresh()]);
    expect(outcomes).toEqual(['updated', 'unchanged']);
    expect(lastRequest()?.['if-none-match']).toBe('"v2"');
  });

  it('rejects when the first load fails, and schedules nothing', async () => {
    const { schedule, pending } = manualSchedule();
    const url = await serve(v1);
    served = { status: 500, body: 'down' };
    await expect(watchShortlist(url, recorder({ schedule }).options)).rejects.toMatchObject({
      status: 500,
      message: expect.stringMatching(/answered 500: down/),
    });
    served = { status: 200, body: tampered(v1) };
    await expect(watchShortlist(url, recorder({ schedule }).options)).rejects.toThrow(/latest\.json is tampered or corrupted/);
    expect(pending).toEqual([]);
  });
});

describe('watchShortlist over a file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pareto-watch-'));
    file = path.join(dir, 'latest.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** How `pareto publish` writes: a temp file renamed over the target. */
  function publish(body: string): void {
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
  }

  it('skips an unchanged file, swaps in an atomically replaced newer one, and keeps it through garbage', async () => {
    publish(text(v1));
    const { options, updates, errors } = recorder();
    const watcher = await watchShortlist(file, options);
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(parses).toHaveBeenCalledTimes(1);
    publish(text(v2));
    await expect(watcher.refresh()).resolves.toBe('updated');
    expect(updates.map(([next, previous]) => [next.version, previous.version])).toEqual([[2, 1]]);
    writeFileSync(file, '{"schemaVersion": 1, "tiers": {');
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors.map((e) => e.message)).toEqual([`${file} is truncated (31 bytes)`]);
    rmSync(file);
    await expect(watcher.refresh()).resolves.toBe('rejected');
    expect(errors[1]).toMatchObject({ code: 'not_found', message: `shortlist file ${file} does not exist` });
    expect(watcher.current()).toEqual(v2);
  });

  it('polls on its schedule until stop(); a timer that still fires after stop() does nothing', async () => {
    publish(text(v1));
    const { schedule, pending } = manualSchedule();
    const { options, updates } = recorder({ schedule, intervalMs: 5_000 });
    const watcher = await watchShortlist(file, options);
    expect(pending.map((job) => job.ms)).toEqual([5_000]);
    publish(text(v2));
    pending.shift()?.callback();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    expect(updates).toHaveLength(1);
    const stale = pending[0];
    watcher.stop();
    expect(pending).toEqual([]);
    publish(text(v3));
    stale?.callback();
    // refresh() queues behind any check the stale timer started; 'updated' proves there was none.
    await expect(watcher.refresh()).resolves.toBe('updated');
    expect(pending).toEqual([]);
  });

  it('does not schedule another poll after a check that was in flight when stop() was called', async () => {
    publish(text(v1));
    const { schedule, pending } = manualSchedule();
    const watcher = await watchShortlist(file, recorder({ schedule }).options);
    pending.shift()?.callback();
    watcher.stop();
    await expect(watcher.refresh()).resolves.toBe('unchanged');
    expect(pending).toEqual([]);
  });

  it('polls with real timers that do not keep the process alive', async () => {
    publish(text(v1));
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const { options, updates } = recorder({ schedule: undefined, intervalMs: 5 });
    const watcher = await watchShortlist(file, options);
    expect(timers()).toBe(before);
    publish(text(v2));
    await vi.waitFor(() => expect(updates).toHaveLength(1), { timeout: 2_000 });
    watcher.stop();
  });

  it('rejects when the first load fails or the interval is not positive', async () => {
    await expect(watchShortlist(file, recorder().options)).rejects.toMatchObject({
      code: 'not_found',
      message: `shortlist file ${file} does not exist`,
    });
    publish('garbage');
    await expect(watchShortlist(file, recorder().options)).rejects.toMatchObject({
      code: 'schema',
      message: `${file} is not valid JSON (7 bytes)`,
    });
    await expect(watchShortlist(file, recorder({ intervalMs: 0 }).options)).rejects.toMatchObject({ code: 'usage' });
  });
});
