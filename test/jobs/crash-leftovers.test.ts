import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/definitions.js';
import { LEASE_NAME, runJob } from '../../jobs/run-job.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { acquireLease, readLease } from '../../src/db/queries/lease.js';
import { listRuns, showAbandoned, startRun } from '../../src/db/queries/runs.js';
import { readRecordingDir } from '../../src/pipeline/recording.js';
import { readStatus } from '../../src/pipeline/status.js';
import { packageRoot } from '../../src/util/package-root.js';
import { holderLooksDead, isProcessAlive } from '../../src/util/process-alive.js';
import { removeStaleTemps } from '../../src/util/stale-temps.js';
import { baseContent } from '../support/diff-fixtures.js';
import { memoryLogger } from '../support/source-context.js';

/** The pid of a process that ran on this host and has exited (as after kill -9). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

const sample = readRecordingDir(path.join(packageRoot(), 'data', 'sample'));
const [, openrouter] = jobDefinitions({});

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-crash-'));
  const config = loadConfig(
    { PARETO_SHORTLISTS: path.join(dir, 'shortlists') },
    { sources: ['openrouter-models', 'openrouter-endpoints'] },
  );
  return { dir, config, db: openDatabase(path.join(dir, 'p.db')), log: memoryLogger() };
}

describe('what a crash leaves behind', () => {
  it('a lease held by a dead process on this host is taken over at once, and status says the holder looks dead', async () => {
    const { config, db, log } = setup();
    const now = new Date();
    const dead = `${os.hostname()}:${deadPid()}:abcdef`;
    acquireLease(db.orm, LEASE_NAME, dead, now, 15 * 60_000);
    const status = readStatus(db.orm, config, now);
    expect(status.jobs.lease).toMatchObject({ holder: dead, expired: false, holderLooksDead: true });
    expect(status.healthy).toBe(false);
    const ran = await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample } }, openrouter!);
    expect(ran.status).toBe('succeeded');
    expect(log.lines).toContain(`warn job openrouter: took over the lease of ${dead}: that process is no longer running on this host`);
    expect(readLease(db.orm, LEASE_NAME)).toBeUndefined();
    db.close();
  });

  it('a lease held on another host, or by a live process here, is not taken over', async () => {
    const { config, db, log } = setup();
    const now = new Date();
    for (const holder of [`other-host:${deadPid()}:abcdef`, `${os.hostname()}:${process.ppid}:abcdef`]) {
      acquireLease(db.orm, LEASE_NAME, holder, now, 15 * 60_000);
      expect(readStatus(db.orm, config, now).jobs.lease?.holderLooksDead).toBe(false);
      expect(await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample } }, openrouter!)).toMatchObject({
        status: 'skipped',
      });
      db.sqlite.prepare('delete from leases').run();
    }
    db.close();
  });

  it('holderLooksDead: only this host can tell; our own pid under another id is gone (a restarted container)', () => {
    const host = os.hostname();
    expect(holderLooksDead(`${host}:${process.pid}:aaaaaa`, { self: `${host}:${process.pid}:bbbbbb` })).toBe(true);
    expect(holderLooksDead(`${host}:${process.pid}:bbbbbb`, { self: `${host}:${process.pid}:bbbbbb` })).toBe(false);
    expect(holderLooksDead(`${host}:12`, { isAlive: () => false })).toBe(true);
    expect(holderLooksDead('elsewhere:12', { isAlive: () => false })).toBe(false);
    expect(holderLooksDead('not a holder')).toBe(false);
  });

  it('pareto runs shows a sync killed on this host as failed, and one whose pid lives as running', () => {
    const { db } = setup();
    const killed = startRun(db.orm, 'openrouter-models', 'live', new Date(), { pid: deadPid(), host: os.hostname() });
    const alive = startRun(db.orm, 'openrouter-models', 'live', new Date(), { pid: process.pid, host: os.hostname() });
    const remote = startRun(db.orm, 'openrouter-models', 'live', new Date(), { pid: deadPid(), host: 'other-host' });
    const shown = new Map(showAbandoned(listRuns(db.orm), os.hostname(), isProcessAlive).map((r) => [r.id, r]));
    expect(shown.get(killed)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^interrupted: the process ended before the run finished \(pid \d+ is gone\)$/),
    });
    expect(shown.get(alive)?.status).toBe('running');
    expect(shown.get(remote)?.status).toBe('running');
    // Only shown: the database still says running until the next sync records it.
    expect(listRuns(db.orm).every((r) => r.status === 'running')).toBe(true);
    db.close();
  });

  it('publish removes temp files a killed writer left, and keeps one a live writer may still be writing', () => {
    const { config } = setup();
    const dir = config.shortlistsDir;
    publishShortlist({
      dir,
      content: baseContent(),
      sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
      now: new Date(),
    });
    const old = (Date.now() - 5 * 60_000) / 1000;
    const ancient = (Date.now() - 2 * 3600_000) / 1000;
    const temps = {
      dead: `2.json.${deadPid()}.0a1b2c3d.tmp`,
      oldFormat: `latest.json.${deadPid()}.1764000000000.tmp`,
      live: `2.json.${process.ppid}.0a1b2c3d.tmp`,
      liveButAncient: `3.json.${process.ppid}.0a1b2c3d.tmp`,
      deadButJustWritten: `4.json.${deadPid()}.0a1b2c3d.tmp`,
    };
    for (const name of Object.values(temps)) writeFileSync(path.join(dir, name), '{"trunc');
    for (const name of [temps.dead, temps.oldFormat, temps.live]) utimesSync(path.join(dir, name), old, old);
    utimesSync(path.join(dir, temps.liveButAncient), ancient, ancient);
    const result = publishShortlist({
      dir,
      content: { ...baseContent(), exclusions: [] },
      sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
      now: new Date(),
    });
    expect(result.removedTemps).toEqual([temps.dead, temps.liveButAncient, temps.oldFormat].sort());
    expect(
      readdirSync(dir)
        .filter((n) => n.endsWith('.tmp'))
        .sort(),
    ).toEqual([temps.live, temps.deadButJustWritten].sort());
    expect(removeStaleTemps(dir)).toEqual([]);
  });
});
