import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneCommand } from '../../src/cli/commands/prune.js';
import type { Io } from '../../src/cli/io.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { finishJobRun, startJobRun } from '../../src/db/queries/job-runs.js';
import { insertObservations } from '../../src/db/queries/observations.js';
import { insertRawResponses } from '../../src/db/queries/raw-responses.js';
import { failAbandonedRuns, finishRun, startRun } from '../../src/db/queries/runs.js';
import { keyRecords } from '../../src/pipeline/compare.js';
import { pruneHistory, publishedRunIds } from '../../src/pipeline/retention.js';
import type { OpenRouterEndpointRecord } from '../../src/sources/types.js';
import { artifact, baseContent } from '../support/diff-fixtures.js';
import { fakeAa, fakeOr } from '../support/match-records.js';
import { thrownBy } from '../support/source-context.js';
import { AA_MODEL_RECORDS } from '../../src/sources/artificial-analysis/index.js';
import { OPENROUTER_ENDPOINT_RECORDS } from '../../src/sources/openrouter-endpoints/index.js';
import { OPENROUTER_MODEL_RECORDS } from '../../src/sources/openrouter-models/index.js';

const owner = { pid: 1, host: 'test' };
const NOW = new Date('2026-11-28T00:00:00Z');
const daysAgo = (n: number, from = NOW) => new Date(from.getTime() - n * 86_400_000);

type Source = 'artificial-analysis' | 'openrouter-models' | 'openrouter-endpoints';

const endpoint: OpenRouterEndpointRecord = {
  modelId: 'a/one',
  endpointName: 'p | a/one',
  providerName: 'p',
  tag: 'p',
  quantization: null,
  status: 0,
  uptime5m: null,
  uptime30m: null,
  uptime1d: null,
  promptPricePerM: 1,
  completionPricePerM: 2,
  latencyP50Ms: 300,
  throughputP50: 90,
  contextLength: null,
  maxCompletionTokens: null,
};

/**
 * A run of `source` started n days before `from`, with one raw response and, when it succeeded,
 * observations: 1 AA row, 2 OpenRouter models or 1 endpoint.
 */
function run(db: Db, source: Source, n: number, status: 'success' | 'failed' | 'running' = 'success', from = NOW): number {
  const id = startRun(db.orm, source, 'live', daysAgo(n, from), owner);
  insertRawResponses(db.orm, id, [
    { url: `https://x/${source}`, status: 200, headers: {}, body: '{"data":[]}', fetchedAt: daysAgo(n, from).toISOString() },
  ]);
  if (status === 'running') return id;
  if (status === 'success' && source === 'artificial-analysis')
    insertObservations(db.orm, AA_MODEL_RECORDS, id, keyRecords(AA_MODEL_RECORDS, [fakeAa({ slug: 'one', name: 'One' })]));
  if (status === 'success' && source === 'openrouter-models')
    insertObservations(
      db.orm,
      OPENROUTER_MODEL_RECORDS,
      id,
      keyRecords(OPENROUTER_MODEL_RECORDS, [fakeOr({ modelId: 'a/one' }), fakeOr({ modelId: 'a/two' })]),
    );
  if (status === 'success' && source === 'openrouter-endpoints')
    insertObservations(db.orm, OPENROUTER_ENDPOINT_RECORDS, id, keyRecords(OPENROUTER_ENDPOINT_RECORDS, [endpoint]));
  finishRun(db.orm, id, { status, finishedAt: daysAgo(n, from), counts: {} });
  return id;
}

/** A shortlists folder with one published version per entry, built from the given models/AA runs. */
function shortlists(versions: Array<{ models: number; aa?: number }>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-retention-'));
  versions.forEach((runs, i) => {
    const ref = (runId: number | undefined) =>
      runId === undefined ? null : { runId, fetchedAt: NOW.toISOString(), mode: 'live' as const };
    // `sources` is provenance, outside the content hash, so the file still verifies.
    const a = {
      ...artifact(baseContent(), { version: i + 1 }),
      sources: { 'artificial-analysis': ref(runs.aa), 'openrouter-models': ref(runs.models), 'openrouter-endpoints': null },
    };
    writeFileSync(path.join(dir, `${i + 1}.json`), JSON.stringify(a));
  });
  return dir;
}

/** Rewrites a published version so its content no longer matches its hash. */
function tamper(dir: string, version: number): void {
  const a = {
    ...artifact(baseContent(), { version }),
    sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
  };
  writeFileSync(path.join(dir, `${version}.json`), JSON.stringify({ ...a, rules: { ...a.rules, percentile: 'edited by hand' } }));
}

const count = (db: Db, table: string) => (db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const runIds = (db: Db) => (db.sqlite.prepare('select id from sync_runs order by id').all() as Array<{ id: number }>).map((r) => r.id);
const prune = (db: Db, keep: number[], more: { rawOnly?: boolean; dryRun?: boolean } = {}) =>
  pruneHistory(db, { olderThanDays: 30, now: NOW, keepRunIds: new Set(keep), ...more });

describe('pruneHistory', () => {
  it('deletes old runs with their raw responses and observations, keeping published, latest and running runs', () => {
    const db = openDatabase(':memory:');
    const published = run(db, 'openrouter-models', 40);
    const old = run(db, 'openrouter-models', 35);
    const oldAa = run(db, 'artificial-analysis', 34);
    const oldFailed = run(db, 'openrouter-endpoints', 33, 'failed');
    const stuck = run(db, 'openrouter-models', 31, 'running');
    const recent = [run(db, 'openrouter-models', 2), run(db, 'artificial-analysis', 2), run(db, 'openrouter-endpoints', 2)];
    // The scheduler's own history: two old finished job runs go, a recent one and a running one stay.
    const jobRun = (days: number, finished: boolean) => {
      const id = startJobRun(db.orm, { job: 'openrouter', tick: daysAgo(days).toISOString(), holder: 'h:1', now: daysAgo(days) })!;
      if (finished) finishJobRun(db.orm, id, { status: 'succeeded', finishedAt: daysAgo(days), error: null, detail: {} });
      return id;
    };
    jobRun(45, true);
    jobRun(31, true);
    const keptJobRuns = [jobRun(40, false), jobRun(1, true)];
    const dir = shortlists([{ models: published }]);
    const result = prune(db, [...publishedRunIds(dir)]);
    expect(result).toEqual({
      cutoff: daysAgo(30).toISOString(),
      runs: [old, oldAa, oldFailed],
      rawResponses: 3,
      observations: { aa: 1, models: 2, endpoints: 0 },
      keptForShortlists: [published],
      keptAsLatest: [],
      jobRuns: 2,
    });
    expect(runIds(db)).toEqual([published, stuck, ...recent]);
    expect((db.sqlite.prepare('select id from job_runs order by id').all() as Array<{ id: number }>).map((r) => r.id)).toEqual(keptJobRuns);
    expect(count(db, 'raw_responses')).toBe(5);
    expect(count(db, 'aa_observations')).toBe(1);
    expect(count(db, 'openrouter_model_observations')).toBe(4);
    expect(count(db, 'openrouter_endpoint_observations')).toBe(1);
  });

  it('keeps the latest successful run of each source however old, even behind a newer failure', () => {
    const db = openDatabase(':memory:');
    const olderAa = run(db, 'artificial-analysis', 100);
    const latestAa = run(db, 'artificial-analysis', 90);
    const failedAa = run(db, 'artificial-analysis', 60, 'failed');
    const latestModels = run(db, 'openrouter-models', 80);
    const result = prune(db, []);
    expect(result).toMatchObject({ runs: [olderAa, failedAa], keptForShortlists: [], keptAsLatest: [latestAa, latestModels] });
    expect(runIds(db)).toEqual([latestAa, latestModels]);
  });

  it('dates a run found abandoned by when it started, not by when it was found', () => {
    const db = openDatabase(':memory:');
    const crashed = run(db, 'openrouter-models', 45, 'running');
    failAbandonedRuns(db.orm, 'test', () => false, daysAgo(1));
    run(db, 'openrouter-models', 1);
    expect(prune(db, []).runs).toEqual([crashed]);
  });

  it('with rawOnly drops only raw responses and keeps observations; a second pass finds nothing', () => {
    const db = openDatabase(':memory:');
    const old = run(db, 'openrouter-models', 40);
    const published = run(db, 'openrouter-models', 39);
    run(db, 'openrouter-models', 1);
    expect(prune(db, [published], { rawOnly: true })).toMatchObject({
      runs: [old],
      rawResponses: 1,
      observations: { aa: 0, models: 0, endpoints: 0 },
      keptForShortlists: [published],
    });
    expect(count(db, 'sync_runs')).toBe(3);
    expect(count(db, 'raw_responses')).toBe(2);
    expect(count(db, 'openrouter_model_observations')).toBe(6);
    expect(prune(db, [published], { rawOnly: true })).toMatchObject({ runs: [], rawResponses: 0 });
  });

  it('with dryRun deletes nothing and reports what the real prune then deletes', () => {
    const db = openDatabase(':memory:');
    run(db, 'openrouter-models', 40);
    run(db, 'artificial-analysis', 40);
    run(db, 'openrouter-models', 1);
    run(db, 'artificial-analysis', 1);
    const dry = prune(db, [], { dryRun: true });
    expect(dry.runs).toHaveLength(2);
    expect(count(db, 'sync_runs')).toBe(4);
    expect(count(db, 'raw_responses')).toBe(4);
    expect(prune(db, [])).toEqual(dry);
    expect(count(db, 'sync_runs')).toBe(2);
  });

  it('rejects a retention that is not a whole number of days', () => {
    const db = openDatabase(':memory:');
    expect(thrownBy(() => pruneHistory(db, { olderThanDays: -1, now: NOW, keepRunIds: new Set() })).code).toBe('usage');
  });
});

describe('publishedRunIds', () => {
  it('collects the runs of every published version', () => {
    expect([...publishedRunIds(shortlists([{ models: 3, aa: 1 }, { models: 7 }]))].sort()).toEqual([1, 3, 7]);
    expect(publishedRunIds(path.join(os.tmpdir(), 'pareto-retention-none', 'missing')).size).toBe(0);
  });

  it('refuses when a published artifact is tampered with or cut short', () => {
    const dir = shortlists([{ models: 1 }, { models: 2 }]);
    tamper(dir, 2);
    const error = thrownBy(() => publishedRunIds(dir));
    expect(error.code).toBe('schema');
    expect(error.message).toMatch(/^not pruning: shortlist version 2 cannot be read .*tampered/);
    writeFileSync(path.join(dir, '2.json'), '{"truncated": ');
    expect(thrownBy(() => publishedRunIds(dir)).message).toContain('not pruning: shortlist version 2 cannot be read');
  });
});

describe('pareto prune', () => {
  function setup(): { env: Record<string, string>; dbFile: string; dir: string } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-prune-cli-'));
    const dbFile = path.join(dir, 'pareto.db');
    const db = openDatabase(dbFile);
    const now = new Date();
    run(db, 'openrouter-models', 40, 'success', now);
    run(db, 'openrouter-models', 1, 'success', now);
    db.close();
    return { dir, dbFile, env: { PARETO_DB: dbFile, PARETO_SHORTLISTS: path.join(dir, 'shortlists') } };
  }
  function io(env: Record<string, string>, cwd: string): Io & { out: string[] } {
    const out: string[] = [];
    return { out, stdout: (t) => void out.push(t), stderr: () => undefined, isTTY: false, env, cwd };
  }
  const remaining = (dbFile: string) => {
    const db = openDatabase(dbFile);
    try {
      return count(db, 'sync_runs');
    } finally {
      db.close();
    }
  };

  it('takes the retention from PARETO_RETENTION_DAYS when the flag is absent', async () => {
    const { env, dbFile, dir } = setup();
    const cli = io({ ...env, PARETO_RETENTION_DAYS: '30' }, dir);
    expect(await pruneCommand(['--dry-run'], cli)).toBe(0);
    expect(cli.out.join('')).toContain('would delete 1 runs');
    expect(remaining(dbFile)).toBe(2);
    expect(await pruneCommand(['--json'], cli)).toBe(0);
    expect(JSON.parse(cli.out.at(-1)!)).toMatchObject({ dryRun: false, rawOnly: false, runs: [1], rawResponses: 1 });
    expect(remaining(dbFile)).toBe(1);
  });

  it('keeps 30 days by default; PARETO_RETENTION_DAYS=2 keeps two', async () => {
    const { env, dir } = setup();
    const byDefault = io(env, dir);
    expect(await pruneCommand(['--dry-run', '--json'], byDefault)).toBe(0);
    const cutoff = Date.parse((JSON.parse(byDefault.out[0]!) as { cutoff: string }).cutoff);
    expect(Math.round((Date.now() - cutoff) / 86_400_000)).toBe(30);
    const two = io({ ...env, PARETO_RETENTION_DAYS: '2' }, dir);
    expect(await pruneCommand(['--dry-run', '--json'], two)).toBe(0);
    expect(Math.round((Date.now() - Date.parse((JSON.parse(two.out[0]!) as { cutoff: string }).cutoff)) / 86_400_000)).toBe(2);
  });

  it('says what is wrong when the retention is off, negative or not an integer, and deletes nothing', async () => {
    const { env, dbFile, dir } = setup();
    expect((await pruneCommand([], io({ ...env, PARETO_RETENTION_DAYS: 'off' }, dir)).catch((e: unknown) => e)) as Error).toMatchObject({
      code: 'usage',
      message: 'pareto prune: retention is off (PARETO_RETENTION_DAYS=off), so there is no age to prune by',
      hint: 'pass --older-than DAYS to prune anyway',
    });
    expect(await pruneCommand(['--older-than', '30', '--dry-run'], io({ ...env, PARETO_RETENTION_DAYS: 'off' }, dir))).toBe(0);
    expect((await pruneCommand(['--older-than=-3'], io(env, dir)).catch((e: unknown) => e)) as Error).toMatchObject({
      message: '--older-than must be a non-negative integer, got "-3"',
    });
    expect((await pruneCommand([], io({ ...env, PARETO_RETENTION_DAYS: '1.5' }, dir)).catch((e: unknown) => e)) as Error).toMatchObject({
      code: 'config',
      message: expect.stringContaining('PARETO_RETENTION_DAYS must be a whole number of days or "off", got "1.5"'),
    });
    expect(remaining(dbFile)).toBe(2);
  });

  it('deletes nothing when a published artifact cannot be verified', async () => {
    const { env, dbFile, dir } = setup();
    const published = shortlists([{ models: 2 }, { models: 2 }]);
    tamper(published, 1);
    const error = (await pruneCommand(['--older-than', '30'], io({ ...env, PARETO_SHORTLISTS: published }, dir)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('not pruning: shortlist version 1');
    expect(remaining(dbFile)).toBe(2);
  });
});
