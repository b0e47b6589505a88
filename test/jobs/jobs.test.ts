import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTask } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { jobDefinitions, jobSources } from '../../jobs/definitions.js';
import { LEASE_NAME, processHolder, runJob } from '../../jobs/run-job.js';
import { isTransient } from '../../jobs/sync-job.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { startJobRun } from '../../src/db/queries/job-runs.js';
import { acquireLease } from '../../src/db/queries/lease.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishFromDatabase } from '../../src/pipeline/publish.js';
import { readRecordingDir } from '../../src/pipeline/recording.js';
import { readStatus } from '../../src/pipeline/status.js';
import { packageRoot } from '../../src/util/package-root.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { memoryLogger } from '../support/source-context.js';

describe('job schedules (UTC)', () => {
  /** Every minute of one UTC day at which a schedule fires, checked against node-cron's own matcher. */
  const firings = (schedule: string) => {
    const task = createTask(schedule, () => undefined, { timezone: 'Etc/UTC' });
    const out: string[] = [];
    for (let m = 0; m < 24 * 60; m++) {
      const at = new Date(Date.UTC(2026, 10, 28, 0, m));
      if (task.match(at)) out.push(at.toISOString().slice(11, 16));
    }
    void task.destroy();
    return out;
  };

  it('fires the AA job once a night at 02:17, the OpenRouter job every 30 minutes, retention at 03:47', () => {
    const [aa, or, retention] = jobDefinitions({});
    expect(firings(aa!.schedule)).toEqual(['02:17']);
    expect(firings(retention!.schedule)).toEqual(['03:47']);
    const half = firings(or!.schedule);
    expect(half).toHaveLength(48);
    expect(half.slice(0, 3)).toEqual(['00:00', '00:30', '01:00']);
  });

  it('takes schedules from the environment', () => {
    const [aa] = jobDefinitions({ PARETO_SCHEDULE_AA: '45 23 * * 1' });
    expect(aa!.schedule).toBe('45 23 * * 1');
    expect(() => jobDefinitions({ PARETO_SCHEDULE_AA: '61 * * * *' })).toThrow(/PARETO_SCHEDULE_AA/);
    expect(jobDefinitions({ PARETO_SCHEDULE_RETENTION: '0 5 * * 0' })[2]!.schedule).toBe('0 5 * * 0');
  });
});

describe('isTransient', () => {
  it.each([
    [{ errorCode: 'network' }, true],
    [{ errorCode: 'timeout' }, true],
    [{ errorCode: 'http', errorStatus: 503 }, true],
    [{ errorCode: 'http', errorStatus: 529 }, true],
    [{ errorCode: 'http', errorStatus: 501 }, false],
    [{ errorCode: 'http', errorStatus: 400 }, false],
    [{ errorCode: 'http' }, false],
    [{ errorCode: 'rate_limited', errorStatus: 429 }, false],
    [{ errorCode: 'auth', errorStatus: 401 }, false],
    [{ errorCode: 'schema' }, false],
  ])('%o → %s', (failure, expected) => {
    expect(isTransient({ errorCode: failure.errorCode, ...('errorStatus' in failure ? { errorStatus: failure.errorStatus } : {}) })).toBe(
      expected,
    );
  });
});

describe('processHolder', () => {
  it('names host and pid, plus a random id so two containers sharing a hostname and pid 1 differ', () => {
    expect(processHolder()).toMatch(new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{6}$`));
    expect(processHolder()).toBe(processHolder());
  });
});

describe('jobSources', () => {
  const [aa, or, retention] = jobDefinitions({});
  it.each([
    ['the defaults', undefined, ['artificial-analysis'], ['openrouter-models', 'openrouter-endpoints']],
    [
      'the leaderboard opted in, endpoints left out',
      'artificial-analysis,aa-leaderboard,openrouter-models',
      ['artificial-analysis', 'aa-leaderboard'],
      ['openrouter-models'],
    ],
    ['OpenRouter only', 'openrouter-models,openrouter-endpoints', [], ['openrouter-models', 'openrouter-endpoints']],
  ])('%s', (_, sources, forAa, forOpenRouter) => {
    const config = loadConfig(sources ? { PARETO_SOURCES: sources } : {});
    expect(jobSources(aa!, config)).toEqual(forAa);
    expect(jobSources(or!, config)).toEqual(forOpenRouter);
    expect(jobSources(retention!, config)).toEqual([]);
  });

  it('syncs only the configured sources: endpoints left out of PARETO_SOURCES are not fetched', async () => {
    const db = openDatabase(':memory:');
    const config = loadConfig({
      PARETO_SOURCES: 'artificial-analysis,openrouter-models',
      PARETO_SHORTLISTS: mkdtempSync(path.join(os.tmpdir(), 'pareto-job-')),
    });
    const sample = readRecordingDir(path.join(packageRoot(), 'data', 'sample'));
    const outcome = await runJob({ config, db, log: memoryLogger(), mode: { kind: 'replay', recordings: sample } }, or!);
    expect(outcome.status === 'succeeded' && outcome.kind === 'sync' && outcome.sync.sources.map((x) => x.source)).toEqual([
      'openrouter-models',
    ]);
    expect(db.sqlite.prepare('select distinct source from sync_runs').all()).toEqual([{ source: 'openrouter-models' }]);
    db.close();
  });

  it('skips a sync job none of whose sources is configured', async () => {
    const db = openDatabase(':memory:');
    const config = loadConfig({ PARETO_SOURCES: 'openrouter-models,openrouter-endpoints' });
    const outcome = await runJob({ config, db, log: memoryLogger(), mode: { kind: 'replay', recordings: [] } }, aa!);
    expect(outcome).toEqual({
      job: 'aa-scores',
      status: 'skipped',
      reason: 'none of its sources (artificial-analysis) is in PARETO_SOURCES',
    });
    expect(db.sqlite.prepare('select count(*) as n from job_runs').get()).toEqual({ n: 0 });
    db.close();
  });
});

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface LatestJson {
  field: { source: string };
  tiers: Record<string, { entries: Array<{ model: string; availability: { source: string } }> }>;
}
const readLatestJson = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8')) as LatestJson;
const shortlistModels = (dir: string) =>
  [...new Set(Object.values(readLatestJson(dir).tiers).flatMap((t) => t.entries.map((e) => e.model)))].sort();

/** A live config and HTTP client aimed at the loopback OpenRouter `server`, publishing where `config` does. */
function liveAgainst(server: FixtureServer, config: Config, timeoutMs = 1000) {
  const live = loadConfig({ PARETO_SHORTLISTS: config.shortlistsDir, OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1` });
  return { live, http: createHttpClient({ timeoutMs, retries: 0, maxRetryAfterSeconds: 1, redact: live.redact }) };
}

describe('runJob', () => {
  const sample = readRecordingDir(path.join(packageRoot(), 'data', 'sample'));
  const setup = (env: Record<string, string> = {}) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-job-'));
    const config = loadConfig({ PARETO_SHORTLISTS: path.join(dir, 'shortlists'), ...env });
    return { dir, config, db: openDatabase(path.join(dir, 'p.db')), log: memoryLogger() };
  };
  const [, openrouter] = jobDefinitions({});

  it('publishes after a successful sync; a later failing sync leaves the published shortlist as it was', async () => {
    const { dir, config, db, log } = setup();
    const first = await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample } }, openrouter!);
    expect(first).toMatchObject({ status: 'succeeded', publish: { published: true, version: 1 } });
    // A scheduled version gets its report beside it, as `pareto publish` writes one.
    expect(readFileSync(path.join(dir, 'shortlists', '1.html'), 'utf8')).toContain('Shortlist version 1');
    const before = readFileSync(path.join(dir, 'shortlists', 'latest.json'), 'utf8');

    server = await startFixtureServer((req) =>
      req.path === '/api/v1/models' ? { status: 200, truncateAfter: 40, body: JSON.stringify({ data: [] }) + ' '.repeat(100) } : undefined,
    );
    const { live, http } = liveAgainst(server, config, 500);
    const sleeps: number[] = [];
    const second = await runJob(
      { config: live, db, log, mode: { kind: 'live', http }, retries: 2, backoffMs: 10, sleep: async (ms) => void sleeps.push(ms) },
      openrouter!,
    );
    expect(second).toMatchObject({ status: 'failed', publish: null });
    // The cut connection is a network failure: retried twice with backoff, then given up.
    expect(second.status === 'failed' && second.kind === 'sync' && second.attempts).toBe(3);
    expect(sleeps).toEqual([10, 20]);
    expect(readFileSync(path.join(dir, 'shortlists', 'latest.json'), 'utf8')).toBe(before);
    const models = db.sqlite
      .prepare("select status, count(*) as n from sync_runs where source = 'openrouter-models' group by status order by status")
      .all();
    expect(models).toEqual([
      { status: 'failed', n: 3 },
      { status: 'success', n: 1 },
    ]);
    // No partial rows: the failed runs stored no observation at all.
    const partial = db.sqlite
      .prepare("select count(*) as n from openrouter_model_observations where run_id in (select id from sync_runs where status = 'failed')")
      .get();
    expect(partial).toEqual({ n: 0 });
    expect(
      db.sqlite
        .prepare(
          "select count(*) as n from openrouter_model_observations where run_id in (select id from sync_runs where status = 'success')",
        )
        .get(),
    ).not.toEqual({ n: 0 });
    db.close();
  });

  it('retries the whole sync while the server answers 5xx, not after a 401', async () => {
    const { config, db, log } = setup();
    const recorded = new Map(sample.flatMap((r) => r.responses).map((r) => [new URL(r.url).pathname, r.body]));
    let modelsAsked = 0;
    let unauthorized = false;
    server = await startFixtureServer((req) => {
      if (req.path === '/api/v1/models') {
        modelsAsked++;
        if (unauthorized) return { status: 401, body: { error: { code: 401, message: 'No auth credentials found' } } };
        if (modelsAsked <= 2) return { status: 503, body: { error: { code: 503, message: 'overloaded' } } };
      }
      const body = recorded.get(req.path);
      return body ? { status: 200, body } : { status: 404, body: { error: { code: 404, message: 'not found' } } };
    });
    const { live, http } = liveAgainst(server, config);
    const sleeps: number[] = [];
    const deps = {
      config: live,
      db,
      log,
      mode: { kind: 'live', http } as const,
      backoffMs: 5,
      sleep: async (ms: number) => void sleeps.push(ms),
    };
    const recovered = await runJob(deps, openrouter!);
    expect(recovered).toMatchObject({ status: 'succeeded', kind: 'sync', attempts: 3, publish: { version: 1 } });
    expect(sleeps).toEqual([5, 10]);
    expect(log.lines).toContain(
      'warn job openrouter: transient failure (openrouter-models: http 503, openrouter-endpoints: usage); retrying in 0 s',
    );

    unauthorized = true;
    const refused = await runJob(deps, openrouter!);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, publish: null });
    expect(sleeps).toEqual([5, 10]);
    db.close();
  });

  it('live, asks for endpoint telemetry for the shortlist candidates, including a model that qualifies in this very run', async () => {
    const { config, db, log } = setup();
    // The first publish is built from a model list without openai/gpt-5.5; the live list has it.
    const newcomer = 'openai/gpt-5.5';
    const withoutNewcomer = sample.map((r) =>
      r.source !== 'openrouter-models'
        ? r
        : {
            ...r,
            responses: r.responses.map((res) => ({
              ...res,
              body: JSON.stringify({
                data: (JSON.parse(res.body) as { data: Array<{ id: string }> }).data.filter((m) => m.id !== newcomer),
              }),
            })),
          },
    );
    await runJob({ config, db, log, mode: { kind: 'replay', recordings: withoutNewcomer } }, openrouter!);
    expect(shortlistModels(config.shortlistsDir)).not.toContain(newcomer);

    const recorded = new Map(sample.flatMap((r) => r.responses).map((r) => [new URL(r.url).pathname, r.body]));
    server = await startFixtureServer((req) => {
      const body = recorded.get(req.path);
      return body ? { status: 200, body } : { status: 404, body: { error: { code: 404, message: 'not found' } } };
    });
    const { live, http } = liveAgainst(server, config);
    const outcome = await runJob({ config: live, db, log, mode: { kind: 'live', http } }, openrouter!);
    expect(outcome).toMatchObject({ status: 'succeeded', publish: { published: true, version: 2 } });
    const asked = server.requests
      .filter((r) => r.path.endsWith('/endpoints'))
      .map((r) => r.path.replace('/api/v1/models/', '').replace('/endpoints', ''));
    // Exactly the models of the version this run published, the newcomer among them, with its
    // price and throughput from its endpoints already in that first version that lists it.
    expect(asked.sort()).toEqual(shortlistModels(config.shortlistsDir));
    const entry = Object.values(readLatestJson(config.shortlistsDir).tiers)
      .flatMap((t) => t.entries)
      .find((e) => e.model === newcomer);
    expect(entry?.availability.source).toBe('openrouter-endpoints');
    expect(asked.length).toBeLessThan(89); // every model with an AA coding index in the sample
    db.close();
  });

  it('a first AA sync on a fresh database succeeds without publishing; the first OpenRouter sync publishes with its scores', async () => {
    const { config, db, log } = setup();
    const [aaScores] = jobDefinitions({});
    const mode = { kind: 'replay', recordings: sample } as const;
    const aa = await runJob({ config, db, log, mode }, aaScores!);
    expect(aa).toMatchObject({
      status: 'succeeded',
      publish: null,
      publishError: null,
      publishSkipped: 'no OpenRouter model list yet; the first openrouter job publishes',
    });
    expect(existsSync(path.join(config.shortlistsDir, 'latest.json'))).toBe(false);
    const or = await runJob({ config, db, log, mode }, openrouter!);
    expect(or).toMatchObject({ status: 'succeeded', publish: { published: true, version: 1 } });
    expect(
      (JSON.parse(readFileSync(path.join(config.shortlistsDir, 'latest.json'), 'utf8')) as { field: { source: string } }).field.source,
    ).toBe('artificial-analysis');
    db.close();
  });

  it('stops and rolls back a run whose lease another scheduler took over (this one stalled past the expiry)', async () => {
    const { config, db, log } = setup();
    server = await startFixtureServer((req) =>
      req.path === '/api/v1/models' ? { status: 200, body: { data: [] }, delayMs: 2500 } : undefined,
    );
    const { live, http } = liveAgainst(server, config, 5000);
    const running = runJob({ config: live, db, log, mode: { kind: 'live', http }, holder: 'this-host:1', leaseTtlMs: 1500 }, openrouter!);
    await new Promise((r) => setTimeout(r, 200));
    // What a takeover after expiry leaves in the table.
    db.sqlite.prepare("update leases set holder = 'other-host:2' where name = ?").run(LEASE_NAME);
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'failed', publish: null });
    expect(log.lines).toContain('warn job openrouter: lost the lease to other-host:2; stopping this run, it is rolled back');
    expect(db.sqlite.prepare("select status, error from sync_runs where source = 'openrouter-models'").get()).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^interrupted/),
    });
    expect(db.sqlite.prepare('select count(*) as n from openrouter_model_observations').get()).toEqual({ n: 0 });
    // Its lease is the other scheduler's now: not released by this one.
    expect(db.sqlite.prepare('select holder from leases').all()).toEqual([{ holder: 'other-host:2' }]);
    db.close();
  });

  it('runs a scheduled tick once: a second scheduler skips the tick the first already ran, not the next one', async () => {
    const { config, db, log } = setup();
    const mode = { kind: 'replay', recordings: sample } as const;
    const tick = new Date('2026-11-28T02:30:00Z');
    const first = await runJob({ config, db, log, mode, holder: 'host-a:1' }, openrouter!, tick);
    expect(first.status).toBe('succeeded');
    const second = await runJob({ config, db, log, mode, holder: 'host-b:2' }, openrouter!, tick);
    expect(second).toEqual({ job: 'openrouter', status: 'skipped', reason: 'the 2026-11-28T02:30:00.000Z tick already ran on host-a:1' });
    expect(db.sqlite.prepare('select * from leases').all()).toEqual([]);
    // Without a tick (jobs run, --run-now) nothing is claimed; the next tick is anyone's.
    expect((await runJob({ config, db, log, mode, holder: 'host-b:2' }, openrouter!)).status).toBe('succeeded');
    expect((await runJob({ config, db, log, mode, holder: 'host-b:2' }, openrouter!, new Date('2026-11-28T03:00:00Z'))).status).toBe(
      'succeeded',
    );
    expect(db.sqlite.prepare("select count(*) as n from sync_runs where source = 'openrouter-models'").get()).toEqual({ n: 3 });
    db.close();
  });

  it('leaves the tick unclaimed when it cannot get the lease, so the holder runs it afterwards', async () => {
    const { config, db, log } = setup();
    const mode = { kind: 'replay', recordings: sample } as const;
    const tick = new Date('2026-11-28T02:30:00Z');
    acquireLease(db.orm, LEASE_NAME, 'host-a:1', new Date(), 60_000); // host-a is busy with another job
    expect((await runJob({ config, db, log, mode, holder: 'host-b:2' }, openrouter!, tick)).status).toBe('skipped');
    expect((await runJob({ config, db, log, mode, holder: 'host-a:1' }, openrouter!, tick)).status).toBe('succeeded');
    db.close();
  });

  it('records every run it makes in job_runs (not the skipped ones), and marks a run a dead scheduler left running as failed', async () => {
    const { config, db, log } = setup();
    const mode = { kind: 'replay', recordings: sample } as const;
    const [, , retention] = jobDefinitions({});
    // A scheduler died mid-run: its row says running, and its lease has expired.
    const dead = startJobRun(db.orm, {
      job: 'aa-scores',
      tick: '2026-11-28T02:17:00.000Z',
      holder: 'dead:9',
      now: new Date('2026-11-28T02:17:00Z'),
    });
    const tick = new Date('2026-11-28T02:30:00Z');
    await runJob({ config, db, log, mode, holder: 'host-a:1', now: () => tick }, openrouter!, tick);
    await runJob({ config, db, log, mode, holder: 'host-b:2', now: () => tick }, openrouter!, tick); // skipped: already ran
    await runJob({ config, db, log, mode, holder: 'host-a:1', now: () => new Date('2026-11-28T03:47:00Z') }, retention!);
    const rows = db.sqlite.prepare('select id, job, tick, holder, status, error, detail from job_runs order by id').all() as Array<
      Record<string, unknown>
    >;
    expect(rows.map((r) => [r.job, r.tick, r.holder, r.status])).toEqual([
      ['aa-scores', '2026-11-28T02:17:00.000Z', 'dead:9', 'failed'],
      ['openrouter', '2026-11-28T02:30:00.000Z', 'host-a:1', 'succeeded'],
      ['retention', null, 'host-a:1', 'succeeded'],
    ]);
    expect(rows[0]).toMatchObject({ id: dead, error: 'abandoned: its scheduler stopped before the run finished (crash or kill)' });
    expect(JSON.parse(rows[1]!.detail as string)).toEqual({
      attempts: 1,
      sync: [
        { source: 'openrouter-models', status: 'success', runId: 1, rows: expect.any(Number) },
        { source: 'openrouter-endpoints', status: 'success', runId: 2, rows: expect.any(Number) },
      ],
      publish: { reason: 'new', version: 1 },
    });
    expect(JSON.parse(rows[2]!.detail as string)).toMatchObject({ olderThanDays: 30, runs: 0, jobRuns: 0 });
    db.close();
  });

  it('records a failed run with the error that ended it', async () => {
    const { config, db, log } = setup();
    server = await startFixtureServer((req) =>
      req.path === '/api/v1/models' ? { status: 401, body: { error: { code: 401, message: 'No auth credentials found' } } } : undefined,
    );
    const { live, http } = liveAgainst(server, config);
    await runJob({ config: live, db, log, mode: { kind: 'live', http } }, openrouter!);
    const row = db.sqlite.prepare('select status, error, detail from job_runs').get() as { status: string; error: string; detail: string };
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(
      /^openrouter-models: GET .*\/models answered 401 \(OpenRouter said: "No auth credentials found"\): the API key was refused\n  hint: /,
    );
    expect(JSON.parse(row.detail)).toMatchObject({
      attempts: 1,
      publish: null,
      sync: [
        { source: 'openrouter-models', status: 'failed', runId: 1 },
        { source: 'openrouter-endpoints', status: 'failed' },
      ],
    });
    db.close();
  });

  it('gives the lease back when the database fails after it was taken', async () => {
    const { config, db, log } = setup();
    db.sqlite.exec("create trigger fail_insert before insert on job_runs begin select raise(abort, 'simulated: disk I/O error'); end");
    const error = await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample } }, openrouter!).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).message).toContain('simulated: disk I/O error');
    expect(db.sqlite.prepare('select * from leases').all()).toEqual([]);
    expect(log.lines.some((l) => l.startsWith('warn job openrouter: failed: ') && l.includes('simulated: disk I/O error'))).toBe(true);
    db.close();
  });

  it('stopped during the backoff between attempts: returns at once, with the failure that caused the retry recorded', async () => {
    const { config, db, log } = setup();
    server = await startFixtureServer((req) =>
      req.path === '/api/v1/models' ? { status: 503, body: { error: { code: 503, message: 'overloaded' } } } : undefined,
    );
    const { live, http } = liveAgainst(server, config);
    const controller = new AbortController();
    const started = Date.now();
    const running = runJob(
      { config: live, db, log, mode: { kind: 'live', http }, signal: controller.signal, backoffMs: 60_000 },
      openrouter!,
    );
    await new Promise((r) => setTimeout(r, 300)); // the first attempt failed; waiting 60 s to retry
    controller.abort();
    const outcome = await running;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, interrupted: true });
    const row = db.sqlite.prepare('select status, error from job_runs').get() as { status: string; error: string };
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^openrouter-models: .*answered 503/);
    expect(server.requests.filter((r) => r.path === '/api/v1/models')).toHaveLength(1);
    db.close();
  });

  it("a new deployment: the first OpenRouter run publishes from OpenRouter's indices, the first AA run moves the field to AA", async () => {
    const { config, db, log } = setup();
    const [aaScores] = jobDefinitions({});
    const mode = { kind: 'replay', recordings: sample } as const;
    expect(await runJob({ config, db, log, mode }, openrouter!)).toMatchObject({ status: 'succeeded', publish: { version: 1 } });
    expect(readLatestJson(config.shortlistsDir)).toMatchObject({ field: { source: 'openrouter-benchmarks' } });
    expect(await runJob({ config, db, log, mode }, aaScores!)).toMatchObject({
      status: 'succeeded',
      publish: { reason: 'new', version: 2 },
    });
    expect(readLatestJson(config.shortlistsDir)).toMatchObject({ field: { source: 'artificial-analysis' } });
    db.close();
  });

  it('a publish refused by a guardrail fails the job, says why and how to proceed, and makes status unhealthy until a publish', async () => {
    const { config, db, log } = setup();
    const [aaScores] = jobDefinitions({});
    const mode = { kind: 'replay', recordings: sample } as const;
    await runJob({ config, db, log, mode }, aaScores!);
    await runJob({ config, db, log, mode }, openrouter!);
    // AA moves to a new index version: every score is on a new scale.
    const rescored = sample.map((r) =>
      r.source !== 'artificial-analysis'
        ? r
        : {
            ...r,
            responses: r.responses.map((res) => ({
              ...res,
              body: res.body.replaceAll('"intelligence_index_version":4.1', '"intelligence_index_version":4.2'),
            })),
          },
    );
    const outcome = await runJob({ config, db, log, mode: { kind: 'replay', recordings: rescored } }, aaScores!);
    expect(outcome).toMatchObject({ status: 'failed', publish: { reason: 'refused', previousVersion: 1 } });
    expect(log.lines).toContain('info job aa-scores: failed (publish refused; version 1 stays)');
    const warning = log.lines.find((l) =>
      l.startsWith('warn job aa-scores: publish refused, the shortlist stays at version 1: the AA index version changes from 4.1 to 4.2'),
    );
    expect(warning).toContain('then run `pareto publish --force` if the change is real');
    const row = db.sqlite.prepare("select status, error, detail from job_runs where job = 'aa-scores' order by id desc").get() as {
      status: string;
      error: string;
      detail: string;
    };
    expect(row).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^publish refused: the AA index version changes from 4.1 to 4.2/),
    });
    expect(JSON.parse(row.detail)).toMatchObject({ publish: { reason: 'refused', version: 1 } });

    const status = readStatus(db.orm, config, new Date());
    expect(status.healthy).toBe(false);
    expect(status.publishRefused).toMatchObject({
      job: 'aa-scores',
      reason: expect.stringMatching(/^publish refused: the AA index version changes/),
    });
    // A person reviewed it and forced the publish: healthy again.
    expect(publishFromDatabase({ config, db }, { force: true })).toMatchObject({ published: true, version: 2 });
    expect(readStatus(db.orm, config, new Date())).toMatchObject({ healthy: true, publishRefused: null });
    db.close();
  });

  it('skips, saying who holds it, while another holder has the lease; takes it once that lease expired', async () => {
    const { config, db, log } = setup();
    const now = new Date('2026-11-28T02:17:00Z');
    acquireLease(db.orm, LEASE_NAME, 'other-host:4242', now, 60_000);
    const skipped = await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample }, now: () => now }, openrouter!);
    expect(skipped).toMatchObject({ status: 'skipped' });
    expect(log.lines).toContain(
      'info job openrouter: skipped: another scheduler holds the lease (other-host:4242, until 2026-11-28T02:18:00.000Z)',
    );
    const later = new Date('2026-11-28T02:18:00Z');
    const ran = await runJob({ config, db, log, mode: { kind: 'replay', recordings: sample }, now: () => later }, openrouter!);
    expect(ran.status).toBe('succeeded');
    db.close();
  });

  describe('retention', () => {
    const [, , retention] = jobDefinitions({});
    const at = (iso: string) => () => new Date(iso);
    const runIds = (db: ReturnType<typeof setup>['db']) =>
      (db.sqlite.prepare('select id from sync_runs order by id').all() as Array<{ id: number }>).map((r) => r.id);
    /** Version 1 from runs 1–2 (Sept 1); unchanged syncs on Sept 2 (runs 3–4) and Nov 20 (runs 5–6). */
    const history = async () => {
      const ctx = setup();
      const mode = { kind: 'replay', recordings: sample } as const;
      for (const day of ['2026-09-01T10:00:00Z', '2026-09-02T10:00:00Z', '2026-11-20T10:00:00Z']) {
        await runJob({ ...ctx, mode, now: at(day) }, openrouter!);
      }
      expect(runIds(ctx.db)).toEqual([1, 2, 3, 4, 5, 6]);
      return { ...ctx, mode };
    };

    it('prunes runs older than PARETO_RETENTION_DAYS except those published versions were built from', async () => {
      const { config, db, log, mode } = await history();
      const outcome = await runJob({ config, db, log, mode, now: at('2026-11-28T03:47:00Z') }, retention!);
      expect(outcome).toMatchObject({
        kind: 'retention',
        status: 'succeeded',
        olderThanDays: 30,
        prune: { runs: [3, 4], keptForShortlists: [1, 2], keptAsLatest: [] },
      });
      expect(runIds(db)).toEqual([1, 2, 5, 6]);
      const observed = db.sqlite.prepare('select distinct run_id as id from openrouter_model_observations order by run_id').all();
      expect(observed).toEqual([{ id: 1 }, { id: 5 }]);
      expect(
        log.lines.some((l) => l.startsWith('info job retention: succeeded: deleted 2 runs that ended before 2026-10-29T03:47:00.000Z')),
      ).toBe(true);
      // The published version still loads and names runs that exist.
      expect(readLatestJson(config.shortlistsDir).tiers.high!.entries.length).toBeGreaterThan(0);
      expect(db.sqlite.prepare('select * from leases').all()).toEqual([]);
      db.close();
    });

    it('keeps everything when retention is off, and takes its days from PARETO_RETENTION_DAYS', async () => {
      const { config, db, log, mode } = await history();
      const off = await runJob(
        {
          config: loadConfig({ PARETO_SHORTLISTS: config.shortlistsDir, PARETO_RETENTION_DAYS: 'off' }),
          db,
          log,
          mode,
          now: at('2026-11-28T03:47:00Z'),
        },
        retention!,
      );
      expect(off).toMatchObject({ status: 'skipped', reason: 'retention is off (PARETO_RETENTION_DAYS=off): history is kept' });
      expect(runIds(db)).toEqual([1, 2, 3, 4, 5, 6]);
      const long = await runJob(
        {
          config: loadConfig({ PARETO_SHORTLISTS: config.shortlistsDir, PARETO_RETENTION_DAYS: '90' }),
          db,
          log,
          mode,
          now: at('2026-11-28T03:47:00Z'),
        },
        retention!,
      );
      expect(long).toMatchObject({ status: 'succeeded', olderThanDays: 90, prune: { runs: [] } });
      expect(runIds(db)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(() => loadConfig({ PARETO_RETENTION_DAYS: '30d' })).toThrow(
        /PARETO_RETENTION_DAYS must be a whole number of days or "off", got "30d"/,
      );
      db.close();
    });

    it('fails without deleting anything when a published artifact cannot be read', async () => {
      const { config, db, log, mode } = await history();
      writeFileSync(path.join(config.shortlistsDir, '1.json'), '{ "truncated": ');
      const outcome = await runJob({ config, db, log, mode, now: at('2026-11-28T03:47:00Z') }, retention!);
      expect(outcome).toMatchObject({ status: 'failed', prune: null });
      expect(outcome.status === 'failed' && outcome.kind === 'retention' && outcome.error).toMatch(
        /not pruning: shortlist version 1 cannot be read/,
      );
      expect(runIds(db)).toEqual([1, 2, 3, 4, 5, 6]);
      db.close();
    });
  });
});
