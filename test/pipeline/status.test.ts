import { existsSync, mkdtempSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishShortlist } from '../../src/artifact/publish.js';
import { parseMaxAges, statusCommand } from '../../src/cli/commands/status.js';
import type { Io } from '../../src/cli/io.js';
import { loadConfig, type SourceId } from '../../src/config.js';
import { openDatabase, type Orm } from '../../src/db/open.js';
import { addRequest, recordRateLimit } from '../../src/db/queries/budget.js';
import { finishJobRun, startJobRun } from '../../src/db/queries/job-runs.js';
import { acquireLease, PIPELINE_LEASE, releaseLease } from '../../src/db/queries/lease.js';
import { finishRun, startRun } from '../../src/db/queries/runs.js';
import { readStatus } from '../../src/pipeline/status.js';
import { thrownBy } from '../support/source-context.js';
import { baseContent } from '../support/diff-fixtures.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const OWNER = { pid: 1, host: 'test' };
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'pareto-status-'));
const config = (sources: SourceId[] = ['artificial-analysis', 'openrouter-models', 'openrouter-endpoints']) =>
  loadConfig({}, { sources, shortlistsDir: path.join(tempDir(), 'shortlists') }, tempDir());

function run(orm: Orm, source: string, finishedHoursAgo: number, status: 'success' | 'failed', error?: string): number {
  const id = startRun(orm, source, 'live', hoursAgo(finishedHoursAgo + 0.01), OWNER);
  finishRun(orm, id, { status, finishedAt: hoursAgo(finishedHoursAgo), counts: {}, ...(error ? { error } : {}) });
  return id;
}

describe('readStatus', () => {
  it('reports last success and failure per source and is healthy when all are within their max age', () => {
    const { orm } = openDatabase(':memory:');
    run(orm, 'artificial-analysis', 30, 'success');
    const aaFail = run(orm, 'artificial-analysis', 2, 'failed', 'AA answered 503\n  at fetch');
    const models = run(orm, 'openrouter-models', 1, 'success');
    run(orm, 'openrouter-endpoints', 1.5, 'success');
    const status = readStatus(orm, config(), NOW);
    expect(status.healthy).toBe(true);
    expect(status.sources.map((s) => [s.source, s.stale, s.maxAgeSeconds])).toEqual([
      ['artificial-analysis', false, 36 * 3600],
      ['openrouter-models', false, 2 * 3600],
      ['openrouter-endpoints', false, 2 * 3600],
    ]);
    // A failure after the last success does not make data stale: the last good data still serves.
    expect(status.sources[0]).toMatchObject({
      lastSuccess: { ageSeconds: 30 * 3600 },
      lastFailure: { runId: aaFail, error: 'AA answered 503\n  at fetch' },
    });
    expect(status.sources[1]!.lastSuccess).toEqual({ runId: models, at: hoursAgo(1).toISOString(), ageSeconds: 3600 });
  });

  it('is stale past the max age, with no success at all, and when the max age is 0', () => {
    const { orm } = openDatabase(':memory:');
    run(orm, 'artificial-analysis', 37, 'success');
    run(orm, 'openrouter-models', 0.5, 'success');
    run(orm, 'openrouter-endpoints', 0.1, 'failed', 'boom');
    const status = readStatus(orm, config(), NOW);
    expect(status.healthy).toBe(false);
    expect(status.sources.map((s) => [s.source, s.stale])).toEqual([
      ['artificial-analysis', true],
      ['openrouter-models', false],
      ['openrouter-endpoints', true],
    ]);
    expect(status.sources[2]!.lastSuccess).toBeNull();
    // Overrides replace the defaults per source; the others keep theirs.
    const overridden = readStatus(orm, config(), NOW, { 'artificial-analysis': 3 * 86400, 'openrouter-models': 0 });
    expect(overridden.sources.map((s) => [s.source, s.stale, s.maxAgeSeconds])).toEqual([
      ['artificial-analysis', false, 3 * 86400],
      ['openrouter-models', true, 0],
      ['openrouter-endpoints', true, 2 * 3600],
    ]);
  });

  it('lists an unconfigured source that has runs without letting it decide health', () => {
    const { orm } = openDatabase(':memory:');
    run(orm, 'openrouter-models', 1, 'success');
    run(orm, 'aa-leaderboard', 100, 'success');
    const status = readStatus(orm, config(['openrouter-models']), NOW);
    expect(status.sources.map((s) => [s.source, s.configured, s.stale])).toEqual([
      ['openrouter-models', true, false],
      ['aa-leaderboard', false, true],
    ]);
    expect(status.healthy).toBe(true);
  });

  it('ignores runs still in progress', () => {
    const { orm } = openDatabase(':memory:');
    startRun(orm, 'openrouter-models', 'live', NOW, OWNER);
    expect(readStatus(orm, config(['openrouter-models']), NOW).sources[0]).toMatchObject({
      lastSuccess: null,
      lastFailure: null,
      stale: true,
    });
  });

  it('counts AA requests on the UTC day of `now`, with the rate limit the API reported', () => {
    const { orm } = openDatabase(':memory:');
    addRequest(orm, 'artificial-analysis', '2026-11-27');
    addRequest(orm, 'artificial-analysis', '2026-11-28');
    addRequest(orm, 'artificial-analysis', '2026-11-28');
    recordRateLimit(orm, 'artificial-analysis', '2026-11-28', 7, '2026-11-29T00:00:00.000Z');
    expect(readStatus(orm, config(), NOW).aaRequests).toEqual({
      day: '2026-11-28',
      used: 2,
      budget: 100,
      remaining: 7,
      resetAt: '2026-11-29T00:00:00.000Z',
    });
    // The budget resets at midnight UTC, whatever the local time zone.
    expect(readStatus(orm, config(), new Date('2026-11-29T00:30:00Z')).aaRequests).toMatchObject({
      day: '2026-11-29',
      used: 0,
      remaining: null,
    });
  });

  it('reports the latest shortlist and its age, or null before the first publish', () => {
    const cfg = config();
    expect(readStatus(null, cfg, NOW).shortlist).toBeNull();
    const sources = { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null };
    const published = publishShortlist({ dir: cfg.shortlistsDir, content: baseContent(), sources, now: hoursAgo(3), dryRun: false });
    expect(readStatus(null, cfg, NOW).shortlist).toEqual({
      version: 1,
      createdAt: hoursAgo(3).toISOString(),
      ageSeconds: 3 * 3600,
      contentHash: published.contentHash,
    });
  });

  it('without a database, every configured source is never synced and stale', () => {
    const status = readStatus(null, config(), NOW);
    expect(status.healthy).toBe(false);
    expect(status.sources.every((s) => s.stale && s.lastSuccess === null && s.lastFailure === null)).toBe(true);
    expect(status.aaRequests.used).toBe(0);
  });
});

describe('--max-age', () => {
  it('accepts repeated and comma-separated SOURCE=DURATION in s, m, h, d', () => {
    expect(parseMaxAges(['openrouter-models=90m, artificial-analysis=3d', 'openrouter-endpoints=2h', 'aa-leaderboard=0s'])).toEqual({
      'openrouter-models': 5400,
      'artificial-analysis': 3 * 86400,
      'openrouter-endpoints': 7200,
      'aa-leaderboard': 0,
    });
  });

  it('names the flag and the bad value', () => {
    for (const [bad, says] of [
      ['90m', '"90m" is not SOURCE=DURATION'],
      ['nope=1h', 'unknown source "nope"'],
      ['openrouter-models=soon', '"soon" in "openrouter-models=soon" is not a duration'],
      ['openrouter-models=1.5h', '"1.5h"'],
      ['openrouter-models=', '"" in'],
    ] as const) {
      const error = thrownBy(() => parseMaxAges([bad]));
      expect(error.code).toBe('usage');
      expect(error.message).toContain('--max-age');
      expect(error.message).toContain(says);
    }
  });
});

describe('statusCommand', () => {
  function io(cwd: string, env: Record<string, string> = { AA_API_KEY: 'aa-test-key-0000' }) {
    const out: string[] = [];
    const value: Io = { stdout: (t) => out.push(t), stderr: () => undefined, isTTY: false, env, cwd };
    return { io: value, text: () => out.join('') };
  }

  it('does not create a missing database and exits 1 (never synced)', async () => {
    const cwd = tempDir();
    const { io: cli, text } = io(cwd);
    expect(await statusCommand([], cli)).toBe(1);
    expect(text()).toContain('nothing has been synced yet');
    expect(text()).toContain('no shortlist published yet');
    expect(text()).toMatch(/^AA requests today: 0 of 100 used \(UTC day \d{4}-\d\d-\d\d\)$/m);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('exits 1 and says BROKEN when latest.json does not load, although every source is fresh', async () => {
    const cwd = tempDir();
    const db = openDatabase(path.join(cwd, 'data', 'pareto.db'));
    for (const source of ['artificial-analysis', 'openrouter-models', 'openrouter-endpoints']) {
      finishRun(db.orm, startRun(db.orm, source, 'live', new Date(), OWNER), { status: 'success', finishedAt: new Date(), counts: {} });
    }
    db.close();
    const dir = path.join(cwd, 'data', 'shortlists');
    publishShortlist({
      dir,
      content: baseContent(),
      sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
      now: new Date(),
    });
    const fresh = io(cwd);
    expect(await statusCommand([], fresh.io)).toBe(0);
    truncateSync(path.join(dir, 'latest.json'), 4096);
    const broken = io(cwd);
    expect(await statusCommand([], broken.io)).toBe(1);
    expect(broken.text()).toContain('shortlist: latest.json does not load');
    expect(broken.text()).toMatch(
      /^latest\.json: .*latest\.json is truncated \(4096 bytes\); `pareto publish` rewrites it from the newest version$/m,
    );
    expect(broken.text()).toMatch(/^BROKEN: latest\.json, the file routers load, is not the newest published version$/m);
  });

  it('prints a table with the first line of the last error and exits 0 when fresh', async () => {
    const cwd = tempDir();
    const db = openDatabase(path.join(cwd, 'data', 'pareto.db'));
    const now = new Date();
    for (const source of ['artificial-analysis', 'openrouter-models', 'openrouter-endpoints']) {
      const id = startRun(db.orm, source, 'live', now, OWNER);
      finishRun(db.orm, id, { status: 'success', finishedAt: now, counts: {} });
    }
    const failed = startRun(db.orm, 'openrouter-models', 'live', now, OWNER);
    finishRun(db.orm, failed, { status: 'failed', finishedAt: now, counts: {}, error: '  HTTP 502 from openrouter  \nstack line' });
    db.close();
    const { io: cli, text } = io(cwd);
    expect(await statusCommand(['--max-age', 'openrouter-models=1h'], cli)).toBe(0);
    expect(text()).toMatch(/^openrouter-models\s.*HTTP 502 from openrouter\s+60m\s+ok, last run failed$/m);
    expect(text()).toMatch(/^artificial-analysis\s.*\s+36\.0h\s+ok$/m);
    expect(text()).not.toContain('stack line');
    expect(text()).toContain('jobs: none running');
    const { io: json, text: jsonText } = io(cwd);
    expect(await statusCommand(['--json', '--max-age', 'artificial-analysis=0s'], json)).toBe(1);
    expect(JSON.parse(jsonText())).toMatchObject({
      healthy: false,
      databaseExists: true,
      jobs: { lease: null, lastRuns: [] },
      sources: [{ source: 'artificial-analysis', stale: true }, {}, {}],
    });
  });

  it('without AA_API_KEY, lists AA as off and judges health by the OpenRouter sources alone', async () => {
    const cwd = tempDir();
    const db = openDatabase(path.join(cwd, 'data', 'pareto.db'));
    for (const source of ['openrouter-models', 'openrouter-endpoints'])
      finishRun(db.orm, startRun(db.orm, source, 'live', new Date(), OWNER), { status: 'success', finishedAt: new Date(), counts: {} });
    db.close();
    const keyless = io(cwd, {});
    expect(await statusCommand([], keyless.io)).toBe(0);
    expect(keyless.text()).toMatch(/^artificial-analysis\s+never\s+-\s+-\s+36\.0h\s+off: AA_API_KEY is not set$/m);
    expect(keyless.text().trim().split('\n').at(-1)).toBe('healthy');
    const withKey = io(cwd);
    expect(await statusCommand([], withKey.io)).toBe(1);
    expect(withKey.text()).toMatch(/^artificial-analysis\s+never\s+-\s+-\s+36\.0h\s+STALE$/m);
  });

  it('prints the jobs line for a running job and for an expired lease', async () => {
    const cwd = tempDir();
    const db = openDatabase(path.join(cwd, 'data', 'pareto.db'));
    const now = Date.now();
    acquireLease(db.orm, PIPELINE_LEASE, 'host-b:7', new Date(now - 60_000), 15 * 60_000);
    const running = io(cwd);
    await statusCommand([], running.io);
    expect(running.text()).toContain(
      `jobs: a job is running on host-b:7 since ${new Date(now - 60_000).toISOString()} (lease until ${new Date(now + 14 * 60_000).toISOString()})`,
    );
    releaseLease(db.orm, PIPELINE_LEASE, 'host-b:7');
    acquireLease(db.orm, PIPELINE_LEASE, 'host-c:8', new Date(now - 3600_000), 15 * 60_000);
    db.close();
    const expired = io(cwd);
    await statusCommand([], expired.io);
    expect(expired.text()).toContain(
      `jobs: the lease of host-c:8 expired at ${new Date(now - 45 * 60_000).toISOString()} (that scheduler died mid-job; the next job takes over)`,
    );
  });
});

describe('readStatus: failing sources and the jobs lease', () => {
  it('flags a source whose latest run failed, and clears the flag once a later run succeeds', () => {
    const { orm } = openDatabase(':memory:');
    run(orm, 'openrouter-models', 1, 'success');
    run(orm, 'openrouter-models', 0.5, 'failed', 'boom');
    run(orm, 'artificial-analysis', 3, 'failed', 'old failure');
    run(orm, 'artificial-analysis', 2, 'success');
    const status = readStatus(orm, config(), NOW);
    expect(status.sources.map((s) => [s.source, s.failing, s.stale])).toEqual([
      ['artificial-analysis', false, false],
      ['openrouter-models', true, false],
      ['openrouter-endpoints', false, true],
    ]);
  });

  it('says which scheduler runs a job now, and when its lease was left to expire', () => {
    const { orm } = openDatabase(':memory:');
    expect(readStatus(orm, config(), NOW).jobs.lease).toBeNull();
    acquireLease(orm, PIPELINE_LEASE, 'host-a:41', hoursAgo(0.1), 15 * 60_000);
    expect(readStatus(orm, config(), NOW).jobs.lease).toEqual({
      holder: 'host-a:41',
      since: hoursAgo(0.1).toISOString(),
      until: new Date(hoursAgo(0.1).getTime() + 15 * 60_000).toISOString(),
      expired: false,
      holderLooksDead: false,
    });
    expect(readStatus(orm, config(), hoursAgo(-1)).jobs.lease).toMatchObject({ holder: 'host-a:41', expired: true });
  });

  it('stays refused through failed and running runs, and clears once any job publishes or finds the content unchanged', () => {
    const { orm } = openDatabase(':memory:');
    const cfg = config();
    const run = (
      job: string,
      at: number,
      status: 'succeeded' | 'failed' | 'running',
      publish: { reason: string; version: number } | null,
    ) => {
      const id = startJobRun(orm, { job, tick: null, holder: 'h:1', now: hoursAgo(at) })!;
      if (status !== 'running')
        finishJobRun(orm, id, {
          status,
          finishedAt: hoursAgo(at),
          error:
            publish?.reason === 'refused'
              ? 'publish refused: the AA index version changes'
              : status === 'failed'
                ? 'openrouter-models: 503'
                : null,
          detail: { attempts: 1, sync: [], publish },
        });
    };
    run('openrouter', 5, 'failed', { reason: 'refused', version: 1 });
    expect(readStatus(orm, cfg, NOW)).toMatchObject({ healthy: false, publishRefused: { job: 'openrouter' } });
    run('openrouter', 4, 'failed', null); // a 503 before publishing: the shortlist is still frozen
    run('aa-scores', 3, 'running', null);
    expect(readStatus(orm, cfg, NOW).publishRefused).toMatchObject({ job: 'openrouter', at: hoursAgo(5).toISOString() });
    run('aa-scores', 2, 'succeeded', { reason: 'unchanged', version: 1 });
    expect(readStatus(orm, cfg, NOW).publishRefused).toBeNull();
  });

  it('lists the latest run of each job with a one-line result', () => {
    const { orm } = openDatabase(':memory:');
    const finished = (job: string, at: number, outcome: { status: 'succeeded' | 'failed'; error?: string; detail: unknown }) => {
      const id = startJobRun(orm, { job, tick: null, holder: 'h:1', now: hoursAgo(at) })!;
      finishJobRun(orm, id, { status: outcome.status, finishedAt: hoursAgo(at), error: outcome.error ?? null, detail: outcome.detail });
    };
    finished('openrouter', 2, { status: 'succeeded', detail: { attempts: 1, sync: [], publish: { reason: 'new', version: 3 } } });
    finished('openrouter', 1, { status: 'succeeded', detail: { attempts: 1, sync: [], publish: { reason: 'unchanged', version: 3 } } });
    finished('aa-scores', 5, {
      status: 'failed',
      error: 'artificial-analysis: GET … answered 503\n  hint: later',
      detail: { attempts: 3, sync: [], publish: null },
    });
    finished('retention', 3, { status: 'succeeded', detail: { olderThanDays: 30, runs: 12, jobRuns: 4 } });
    startJobRun(orm, { job: 'aa-scores', tick: null, holder: 'h:2', now: hoursAgo(0.1) });
    const runs = readStatus(orm, config(), NOW).jobs.lastRuns;
    expect(runs.map((r) => [r.job, r.status, r.holder, r.result])).toEqual([
      ['aa-scores', 'running', 'h:2', 'running'],
      ['openrouter', 'succeeded', 'h:1', 'unchanged: version 3 stays'],
      ['retention', 'succeeded', 'h:1', 'deleted 12 sync runs and 4 job runs older than 30 days'],
    ]);
    finished('aa-scores', 0, {
      status: 'failed',
      error: 'artificial-analysis: GET … answered 503\n  hint: later',
      detail: { attempts: 3, sync: [], publish: null },
    });
    expect(readStatus(orm, config(), NOW).jobs.lastRuns[0]).toMatchObject({
      job: 'aa-scores',
      status: 'failed',
      result: 'artificial-analysis: GET … answered 503',
      detail: { attempts: 3 },
    });
  });
});
