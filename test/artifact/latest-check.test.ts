import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLatest } from '../../src/artifact/latest-check.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import type { ShortlistContent } from '../../src/artifact/schema.js';
import { resolveShortlist } from '../../src/artifact/store.js';
import { describePublish } from '../../src/cli/commands/publish.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { finishRun, startRun } from '../../src/db/queries/runs.js';
import { ParetoError } from '../../src/errors.js';
import { readStatus } from '../../src/pipeline/status.js';
import { loadShortlist } from '../../src/resolver/load.js';
import { baseContent } from '../support/diff-fixtures.js';

const SOURCES = { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null };
const NOW = new Date('2026-11-28T12:00:00Z');
const publish = (dir: string, content: ShortlistContent) => publishShortlist({ dir, content, sources: SOURCES, now: NOW });

/** Two published versions; then `breakIt` does to latest.json what a crash, a full disk or a person did. */
function published(breakIt: (latest: string, dir: string) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-latest-'));
  publish(dir, baseContent());
  publish(dir, { ...baseContent(), exclusions: [] });
  breakIt(path.join(dir, 'latest.json'), dir);
  return dir;
}

const BROKEN: Array<[string, (latest: string, dir: string) => void, RegExp]> = [
  ['truncated', (f) => truncateSync(f, 4096), /latest\.json is truncated \(4096 bytes\)/],
  ['empty', (f) => writeFileSync(f, ''), /latest\.json is truncated \(0 bytes\)|latest\.json is not valid JSON/],
  ['deleted', (f) => rmSync(f), /latest\.json is missing \(the newest version is 2\)/],
  [
    'stale (a crash between the two writes)',
    (f, d) => copyFileSync(path.join(d, '1.json'), f),
    /latest\.json holds version 1, the newest published version is 2/,
  ],
  [
    'tampered',
    (f) => writeFileSync(f, readFileSync(f, 'utf8').replace('"percentile": 95', '"percentile": 99')),
    /latest\.json is tampered or corrupted/,
  ],
];

function healthyStatusFor(dir: string) {
  const { orm } = openDatabase(':memory:');
  finishRun(orm, startRun(orm, 'openrouter-models', 'live', NOW, { pid: 1, host: 'test' }), {
    status: 'success',
    finishedAt: NOW,
    counts: {},
  });
  return readStatus(orm, loadConfig({}, { sources: ['openrouter-models'], shortlistsDir: dir }), NOW);
}

describe('latest.json, the file routers load', () => {
  it('is fine when it is a copy of the newest version, and status is healthy', () => {
    const dir = published(() => {});
    expect(checkLatest(dir)).toMatchObject({ problem: null, newestVersion: 2, latest: { version: 2 } });
    expect(healthyStatusFor(dir)).toMatchObject({ healthy: true, latestProblem: null, shortlist: { version: 2 } });
  });

  it.each(BROKEN)('%s: status is unhealthy and says why, the next publish repairs it and says so', async (_, breakIt, problem) => {
    const dir = published(breakIt);
    const status = healthyStatusFor(dir);
    expect(status.healthy).toBe(false);
    expect(status.latestProblem).toMatch(problem);
    // What a router would do with it right now, where it still loads it at all:
    const routed = await loadShortlist(path.join(dir, 'latest.json')).then(
      (s) => s.version,
      (e: unknown) => e,
    );
    expect(routed === 1 || routed instanceof ParetoError).toBe(true);

    const repair = publish(dir, { ...baseContent(), exclusions: [] });
    expect(repair).toMatchObject({ reason: 'unchanged', version: 2, repairedLatest: expect.stringMatching(problem) });
    expect(describePublish({ ...repair, warnings: [], unmatched: 0, entries: { high: 0, medium: 0, low: 0 } }, dir)).toMatch(
      /^repaired latest\.json: .*; it is a copy of version 2 again$/m,
    );
    expect(checkLatest(dir).problem).toBeNull();
    expect(healthyStatusFor(dir).healthy).toBe(true);
    expect((await loadShortlist(path.join(dir, 'latest.json'))).version).toBe(2);
    // Nothing left to repair: the next publish says nothing about it.
    expect(publish(dir, { ...baseContent(), exclusions: [] }).repairedLatest).toBeUndefined();
  });

  it('shortlist and resolve read latest.json itself: a stale one shows what routers serve, a broken one fails with the fix', () => {
    const stale = published((f, d) => copyFileSync(path.join(d, '1.json'), f));
    expect(resolveShortlist(stale, 'latest')).toMatchObject({ shortlist: { version: 1 }, file: path.join(stale, 'latest.json') });
    expect(resolveShortlist(stale, '2').shortlist.version).toBe(2);
    for (const breakIt of [(f: string) => truncateSync(f, 100), (f: string) => rmSync(f)]) {
      const dir = published(breakIt);
      let error: unknown;
      try {
        resolveShortlist(dir, 'latest');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ParetoError);
      expect((error as ParetoError).hint).toMatch(/run `pareto publish` to (rewrite it from 2\.json|write it again)/);
    }
  });
});
