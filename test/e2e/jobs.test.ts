import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { BIN, runCli } from '../support/run-cli.js';

/** OpenRouter on loopback, answering /models slowly so runs overlap; endpoints are not found. */
let server: FixtureServer;
const models = (loadCapture('or_models_2026-08-22_wrapped').data as unknown[]).slice(0, 60);
beforeAll(async () => {
  server = await startFixtureServer((req) => {
    if (req.path === '/api/v1/models') return { status: 200, body: { data: models }, delayMs: 2500 };
    // A careless server echoes the credentials it got: the logs must not repeat them.
    if (req.path.endsWith('/endpoints'))
      return { status: 404, body: { error: { code: 404, message: `gone (auth: ${req.headers.authorization})` } } };
    return undefined;
  });
});
afterAll(() => server.close());

const OR_KEY = 'sk-or-jobs-SECRET-424242';
const env = () => ({ OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1`, OPENROUTER_API_KEY: OR_KEY });
const rows = (db: string, sql: string) => {
  const handle = new Database(db, { readonly: true });
  try {
    return handle.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    handle.close();
  }
};

describe('pareto jobs', () => {
  it('lists the jobs with their UTC schedules and next run times', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    const result = await runCli(['jobs', 'list', '--json'], { cwd, env: { PARETO_SCHEDULE_AA: '5 3 * * *' } });
    const jobs = JSON.parse(result.stdout) as Array<{ name: string; schedule: string; nextRun: string; retentionDays?: number }>;
    expect(jobs.map((j) => [j.name, j.schedule])).toEqual([
      ['aa-scores', '5 3 * * *'],
      ['openrouter', '*/30 * * * *'],
      ['retention', '47 3 * * *'],
    ]);
    expect(jobs[2]!.retentionDays).toBe(30);
    expect(new Date(jobs[0]!.nextRun).getUTCHours()).toBe(3);
    expect(new Date(jobs[0]!.nextRun).getUTCMinutes()).toBe(5);
    expect(existsSync(path.join(cwd, 'data', 'pareto.db'))).toBe(false); // listing creates no database
    const bad = await runCli(['jobs', 'list'], { cwd, env: { PARETO_SCHEDULE_OPENROUTER: 'every half hour' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PARETO_SCHEDULE_OPENROUTER');
    const unknown = await runCli(['jobs', 'list', '--bogus'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('pareto jobs: unknown flag --bogus');
  });

  it('two processes on one database: one runs the job, the other skips and says so', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    await runCli(['runs'], { cwd }); // creates and migrates the database first
    const [a, b] = await Promise.all([
      runCli(['jobs', 'run', 'openrouter', '--json'], { cwd, env: env() }),
      new Promise((r) => setTimeout(r, 300)).then(() => runCli(['jobs', 'run', 'openrouter', '--json'], { cwd, env: env() })),
    ]);
    const outcomes = [a, b].map((r) => JSON.parse(r.stdout) as { status: string; reason?: string });
    expect(outcomes.map((o) => o.status).sort()).toEqual(['failed', 'skipped']);
    expect(outcomes.find((o) => o.status === 'skipped')!.reason).toMatch(/another scheduler holds the lease/);
    expect((a.stderr + b.stderr).match(/skipped: another scheduler holds the lease/g)).toHaveLength(1);
    // Not a terminal: every log line is a JSON object with time, level and message.
    const lines = (a.stderr + b.stderr)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; time: string; msg: string });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => ['info', 'warn'].includes(l.level) && !Number.isNaN(Date.parse(l.time)) && l.msg.length > 0)).toBe(true);
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${OR_KEY}`)).toBe(true);
    expect(a.stdout + a.stderr + b.stdout + b.stderr).not.toContain(OR_KEY);
    expect(JSON.stringify(rows(path.join(cwd, 'data', 'pareto.db'), 'select error, meta from sync_runs'))).not.toContain(OR_KEY);
    // The echoed key reached the stored raw answers only as the mask.
    const echoed = rows(path.join(cwd, 'data', 'pareto.db'), 'select body from raw_responses where status = 404').map((r) =>
      gunzipSync(r.body as Buffer).toString(),
    );
    expect(echoed.length).toBeGreaterThan(0);
    expect(echoed.every((body) => body.includes('auth: Bearer [REDACTED]') && !body.includes(OR_KEY))).toBe(true);
    // The run itself: models synced, every endpoint 404 → endpoints failed, so nothing published.
    const db = path.join(cwd, 'data', 'pareto.db');
    expect(rows(db, 'select source, status from sync_runs order by id')).toEqual([
      { source: 'openrouter-models', status: 'success' },
      { source: 'openrouter-endpoints', status: 'failed' },
    ]);
    expect(rows(db, 'select * from leases')).toEqual([]);
  });

  it('two schedulers started on one database: one runs, the other skips, as their logs say', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    await runCli(['runs'], { cwd });
    const start = () => {
      const child = spawn(process.execPath, [BIN, 'jobs', 'start', '--run-now'], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const state = { child, stderr: '' };
      child.stderr.on('data', (d: Buffer) => (state.stderr += d.toString()));
      return state;
    };
    const until = (test: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => test() && (clearInterval(check), resolve()), 20);
      });
    const a = start();
    await until(() => a.stderr.includes('job openrouter: started'));
    const b = start();
    await until(() => b.stderr.includes('job openrouter: skipped'));
    for (const p of [a, b]) p.child.kill('SIGTERM');
    const codes = await Promise.all([a, b].map((p) => new Promise<number | null>((resolve) => p.child.on('close', resolve))));
    expect(codes).toEqual([0, 0]);
    expect(a.stderr).not.toContain('skipped: another scheduler');
    expect(b.stderr).toContain('job openrouter: skipped: another scheduler holds the lease');
    expect(b.stderr).not.toContain('job openrouter: started');
    // The openrouter run is A's, the holder B's log names. (Each job takes the lease on its own:
    // on a loaded machine B may reach a later job of its --run-now queue after A gave the lease
    // back, and run that one; never at the same time as A.)
    const holders = [
      ...new Set(
        rows(path.join(cwd, 'data', 'pareto.db'), "select holder from job_runs where job = 'openrouter'").map((r) => r.holder as string),
      ),
    ];
    expect(holders).toHaveLength(1);
    expect(b.stderr).toContain(`another scheduler holds the lease (${holders[0]}, until `);
  });

  it('two schedulers ticking every second on the bundled sample: each tick runs once, runs never overlap', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    await runCli(['runs'], { cwd });
    const schedules = {
      PARETO_SCHEDULE_OPENROUTER: '* * * * * *',
      PARETO_SCHEDULE_AA: '0 0 1 1 *',
      PARETO_SCHEDULE_RETENTION: '0 0 1 1 *',
    };
    const start = () => {
      const child = spawn(process.execPath, [BIN, 'jobs', 'start', '--sample'], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: cwd, ...schedules },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const state = { child, stderr: '' };
      child.stderr.on('data', (d: Buffer) => (state.stderr += d.toString()));
      return state;
    };
    const schedulers = [start(), start()];
    // Wait for what the assertions need (two finished runs, and a skip from the scheduler that
    // lost a tick), re-checked on every log line, instead of a fixed time that a loaded machine
    // may not fit enough ticks into. Bounded, and the failure shows both logs.
    const finished = () => schedulers.reduce((n, p) => n + (p.stderr.match(/job openrouter: (succeeded|failed)/g) ?? []).length, 0);
    const skipped = () => schedulers.reduce((n, p) => n + (p.stderr.match(/job openrouter: skipped: /g) ?? []).length, 0);
    // Whatever happens, no scheduler outlives the test (a failed wait used to leave both ticking).
    const killAll = () => schedulers.forEach((p) => p.child.exitCode === null && p.child.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (finished() < 2 || skipped() < 1) return;
        clearTimeout(deadline);
        for (const p of schedulers) p.child.stderr.off('data', check);
        resolve();
      };
      const deadline = setTimeout(
        () => reject(new Error(`no 2 runs and a skip within 45 s:\n${schedulers.map((p) => p.stderr.slice(-1500)).join('\n---\n')}`)),
        45_000,
      );
      for (const p of schedulers) p.child.stderr.on('data', check);
    }).catch((error: unknown) => {
      killAll();
      throw error;
    });
    for (const p of schedulers) p.child.kill('SIGTERM');
    const codes = await Promise.all(schedulers.map((p) => new Promise<number | null>((resolve) => p.child.on('close', resolve))));
    expect(codes).toEqual([0, 0]);
    const db = path.join(cwd, 'data', 'pareto.db');
    const runs = rows(
      db,
      "select tick, holder, started_at as startedAt, finished_at as finishedAt from job_runs where job = 'openrouter' order by started_at",
    ) as Array<{ tick: string; holder: string; startedAt: string; finishedAt: string }>;
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // One run per tick, and one models sync per run: nobody ran a tick without claiming it.
    expect(new Set(runs.map((r) => r.tick)).size).toBe(runs.length);
    expect(rows(db, "select count(*) as n from sync_runs where source = 'openrouter-models'")).toEqual([{ n: runs.length }]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt >= runs[i - 1]!.finishedAt).toBe(true);
    // Both fired every second; whichever did not run a tick said why.
    const skips = schedulers.map(
      (p) => (p.stderr.match(/job openrouter: skipped: (another scheduler holds the lease|the \S+ tick already ran on)/g) ?? []).length,
    );
    expect(skips[0]! + skips[1]!).toBeGreaterThanOrEqual(runs.length - 1);
  }, 60_000);

  it('SIGTERM during a run: exits 0, the run is recorded failed with nothing stored, the lease is released', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    const child = spawn(process.execPath, [BIN, 'jobs', 'start', '--run-now'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until the run has started (the /models answer is still 2.5 s away), then stop it.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (server.requests.length > 0 && stderr.includes('job aa-scores: ') && stderr.includes('job openrouter: started')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('scheduler: SIGTERM: stopping');
    expect(stderr).toContain('scheduler: stopped');
    const db = path.join(cwd, 'data', 'pareto.db');
    const runs = rows(db, "select source, status, error from sync_runs where source = 'openrouter-models'");
    expect(runs).toEqual([
      {
        source: 'openrouter-models',
        status: 'failed',
        error: 'interrupted: the run was stopped before it finished; nothing was stored\n  hint: run the sync again',
      },
    ]);
    expect(rows(db, 'select count(*) as n from openrouter_model_observations')).toEqual([{ n: 0 }]);
    expect(rows(db, 'select * from leases')).toEqual([]);
  });

  it('jobs run, stopped by SIGTERM (a cron timeout, say): the run is rolled back and the lease given back at once', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    await runCli(['runs'], { cwd });
    const before = server.requests.length;
    const child = spawn(process.execPath, [BIN, 'jobs', 'run', 'openrouter'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise<void>((resolve) => {
      const check = setInterval(
        () => server.requests.length > before && stderr.includes('job openrouter: started') && (clearInterval(check), resolve()),
        20,
      );
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('job openrouter: SIGTERM: stopping; the run in progress is rolled back');
    expect(stdout).toMatch(/^job openrouter: failed after 1 attempt\(s\): openrouter-models failed \(interrupted: /);
    const db = path.join(cwd, 'data', 'pareto.db');
    expect(rows(db, "select status from sync_runs where source = 'openrouter-models'")).toEqual([{ status: 'failed' }]);
    expect(rows(db, 'select * from leases')).toEqual([]);
  });

  it('on the bundled sample: runs every job, publishes, stops cleanly on Ctrl-C (SIGINT), and status reports it', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-jobs-'));
    const child = spawn(process.execPath, [BIN, 'jobs', 'start', '--sample', '--run-now'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => stderr.includes('job retention: succeeded') && (clearInterval(check), resolve()), 20);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const messages = stderr
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain(
      'job aa-scores: succeeded (nothing published: no OpenRouter model list yet; the first openrouter job publishes)',
    );
    expect(messages).toContain('job openrouter: succeeded (publish: new, version 1)');
    expect(messages.slice(-2)).toEqual([
      'scheduler: SIGINT: stopping; the run in progress is rolled back if it has not finished',
      'scheduler: stopped',
    ]);

    const status = await runCli(['status'], { cwd });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^openrouter-models\s.*\bok$/m);
    expect(status.stdout).toMatch(/^shortlist: version 1 published/m);
    expect(status.stdout.trim().split('\n').at(-1)).toBe('healthy');
    expect(status.stdout).toMatch(/^openrouter\s+\S+\s+succeeded\s+\S+\s+published version 1$/m);
    expect(status.stdout).toMatch(/^aa-scores\s+\S+\s+succeeded\s+\S+\s+nothing published: no OpenRouter model list yet/m);
    const list = await runCli(['jobs', 'list', '--json'], { cwd });
    const lastRuns = (JSON.parse(list.stdout) as Array<{ name: string; lastRun: { status: string; tick: string | null } | null }>).map(
      (j) => [j.name, j.lastRun?.status, j.lastRun?.tick],
    );
    expect(lastRuns).toEqual([
      ['aa-scores', 'succeeded', null],
      ['openrouter', 'succeeded', null],
      ['retention', 'succeeded', null],
    ]);
    expect(rows(path.join(cwd, 'data', 'pareto.db'), 'select * from leases')).toEqual([]);
  });
});
