import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open.js';
import { insertObservations } from '../../src/db/queries/observations.js';
import { insertRawResponses } from '../../src/db/queries/raw-responses.js';
import { finishRun, startRun } from '../../src/db/queries/runs.js';
import { keyRecords } from '../../src/pipeline/compare.js';
import { pruneHistory } from '../../src/pipeline/retention.js';
import { artifact, baseContent } from '../support/diff-fixtures.js';
import { fakeOr } from '../support/match-records.js';
import { thrownBy } from '../support/source-context.js';

const owner = { pid: 1, host: 'test' };
const NOW = new Date('2026-11-28T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

/** A models run n days ago with two observations and one raw response. */
function run(db: Db, n: number, status: 'success' | 'failed' | 'running' = 'success'): number {
  const id = startRun(db.orm, 'openrouter-models', 'live', daysAgo(n), owner);
  insertRawResponses(db.orm, id, [{ url: 'https://x/api/v1/models', status: 200, headers: {}, body: '{"data":[]}', fetchedAt: daysAgo(n).toISOString() }]);
  if (status === 'running') return id;
  if (status === 'success') insertObservations(db.orm, 'openrouter-model', id, keyRecords('openrouter-model', [fakeOr({ modelId: 'a/one' }), fakeOr({ modelId: 'a/two' })]));
  finishRun(db.orm, id, { status, finishedAt: daysAgo(n), counts: {} });
  return id;
}

function shortlists(runIds: number[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-retention-'));
  mkdirSync(dir, { recursive: true });
  runIds.forEach((runId, i) => {
    const a = { ...artifact(baseContent(), { version: i + 1 }), sources: { 'artificial-analysis': null, 'openrouter-models': { runId, fetchedAt: NOW.toISOString(), mode: 'live' as const }, 'openrouter-endpoints': null } };
    writeFileSync(path.join(dir, `${i + 1}.json`), JSON.stringify(a));
  });
  return dir;
}

const count = (db: Db, table: string) => (db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('pruneHistory', () => {
  it('deletes old runs with their raw responses and observations, keeping what published versions and curation need', () => {
    const db = openDatabase(':memory:');
    const published = run(db, 40);
    const old = run(db, 35);
    const oldFailed = run(db, 33, 'failed');
    const stuck = run(db, 31, 'running');
    const recent = run(db, 2);
    const dir = shortlists([published]);
    const result = pruneHistory(db, { olderThanDays: 30, now: NOW, shortlistsDir: dir });
    expect(result).toMatchObject({ runs: [old, oldFailed], rawResponses: 2, observations: 2, kept: [published], dryRun: false });
    const left = (db.sqlite.prepare('select id from sync_runs order by id').all() as Array<{ id: number }>).map((r) => r.id);
    expect(left).toEqual([published, stuck, recent]);
    expect(count(db, 'raw_responses')).toBe(3);
    expect(count(db, 'openrouter_model_observations')).toBe(4);
  });

  it('keeps the latest successful run of a source however old it is', () => {
    const db = openDatabase(':memory:');
    const only = run(db, 90);
    expect(pruneHistory(db, { olderThanDays: 30, now: NOW, shortlistsDir: shortlists([]) })).toMatchObject({ runs: [], kept: [only] });
  });

  it('with rawOnly drops raw responses and keeps observations; dryRun deletes nothing', () => {
    const db = openDatabase(':memory:');
    const old = run(db, 40);
    run(db, 1);
    const dir = shortlists([]);
    const dry = pruneHistory(db, { olderThanDays: 30, now: NOW, shortlistsDir: dir, dryRun: true });
    expect(dry).toMatchObject({ runs: [old], rawResponses: 1, observations: 2, dryRun: true });
    expect(count(db, 'sync_runs')).toBe(2);
    pruneHistory(db, { olderThanDays: 30, now: NOW, shortlistsDir: dir, rawOnly: true });
    expect(count(db, 'sync_runs')).toBe(2);
    expect(count(db, 'raw_responses')).toBe(1);
    expect(count(db, 'openrouter_model_observations')).toBe(4);
  });

  it('refuses to prune when a published artifact cannot be read', () => {
    const db = openDatabase(':memory:');
    run(db, 40);
    run(db, 1);
    const dir = shortlists([1]);
    writeFileSync(path.join(dir, '2.json'), '{"truncated": ');
    const error = thrownBy(() => pruneHistory(db, { olderThanDays: 30, now: NOW, shortlistsDir: dir }));
    expect(error.message).toContain('not pruning: shortlist version 2 cannot be read');
    expect(count(db, 'sync_runs')).toBe(2);
  });
});
