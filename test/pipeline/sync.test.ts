import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { startRun } from '../../src/db/queries/runs.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishFromDatabase } from '../../src/pipeline/publish.js';
import { syncSources, type ProgressEvent, type SyncMode } from '../../src/pipeline/sync.js';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { startFixtureServer, type FixtureRoute, type FixtureServer } from '../support/fixture-server.js';
import { memoryLogger } from '../support/source-context.js';

const models = (loadCapture('or_models_2026-08-22_wrapped').data as Array<{ id: string }>).slice(0, 40);
const page = (n: number, hasMore: boolean) => ({
  tier: 'free',
  intelligence_index_version: 4.1,
  pagination: { page: n, page_size: 2, total_pages: 2, has_more: hasMore },
  data: (loadCapture('aa_language_models_free_page1_2026-06-27').data as unknown[]).slice((n - 1) * 2, n * 2),
});

let server: FixtureServer | undefined;
let db: Db | undefined;
afterEach(async () => {
  await server?.close();
  db?.close();
  server = undefined;
  db = undefined;
});

async function setup(...routes: FixtureRoute[]) {
  server = await startFixtureServer(...routes);
  db = openDatabase(':memory:');
  const config = loadConfig({
    AA_API_KEY: 'aa-key-for-tests-000',
    AA_BASE_URL: server.baseUrl,
    OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1`,
    PARETO_HTTP_RETRIES: '1',
    PARETO_HTTP_TIMEOUT_MS: '300',
  });
  const http = createHttpClient({
    timeoutMs: 300,
    retries: 1,
    maxRetryAfterSeconds: 1,
    redact: config.redact,
    baseBackoffMs: 1,
    sleep: async () => {},
  });
  const mode: SyncMode = { kind: 'live', http };
  return { config, mode, db, log: memoryLogger() };
}

const count = (db: Db, table: string) => (db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const askedForEndpoints = () =>
  server!.requests.filter((r) => r.path.endsWith('/endpoints')).map((r) => r.path.replace('/api/v1/models/', '').replace('/endpoints', ''));
const withIndex = () =>
  (models as Array<{ id: string; benchmarks?: { artificial_analysis?: { coding_index?: number | null } } }>)
    .filter((m) => m.benchmarks?.artificial_analysis?.coding_index != null && !m.id.includes(':'))
    .map((m) => m.id);
const modelsRoute: FixtureRoute = (req) => (req.path === '/api/v1/models' ? { status: 200, body: { data: models } } : undefined);

describe('sync pipeline', () => {
  it('records a failed run with its error, stores no observation of it, and keeps the last good data', async () => {
    let broken = false;
    const { config, mode, db, log } = await setup((req) => {
      if (req.path === '/api/v2/language/models') return { status: 403, body: { error: 'Pro only' } };
      if (req.path !== '/api/v2/language/models/free') return undefined;
      const n = Number(req.query.get('page'));
      if (broken && n === 2) return { status: 200, truncateAfter: 50, body: JSON.stringify(page(2, false)) };
      return { status: 200, body: page(n, n === 1) };
    });
    const good = await syncSources({ config, db, log }, { mode, sources: ['artificial-analysis'] });
    expect(good.sources[0]).toMatchObject({ status: 'success', rows: 4 });
    broken = true;
    const bad = await syncSources({ config, db, log }, { mode, sources: ['artificial-analysis'] });
    expect(bad.ok).toBe(false);
    expect(bad.sources[0]).toMatchObject({ status: 'failed', rows: 0 });
    const runs = db.sqlite.prepare('select id, status, error from sync_runs order by id').all() as Array<{
      id: number;
      status: string;
      error: string | null;
    }>;
    expect(runs.map((r) => r.status)).toEqual(['success', 'failed']);
    expect(runs[1]!.error).toMatch(/artificial-analysis/);
    // Page 1 of the failed run was fine, yet none of its rows were stored.
    expect(db.sqlite.prepare('select count(*) as n from aa_observations where run_id = ?').get(runs[1]!.id)).toEqual({ n: 0 });
    expect(db.sqlite.prepare('select count(*) as n from aa_observations where run_id = ?').get(runs[0]!.id)).toEqual({ n: 4 });
    // The answers it did get (the 403 and page 1; page 2 was cut off mid-body) are kept to diagnose it.
    expect(db.sqlite.prepare('select url from raw_responses where run_id = ? order by seq').all(runs[1]!.id)).toEqual([
      { url: `${server!.baseUrl}/api/v2/language/models` },
      { url: `${server!.baseUrl}/api/v2/language/models/free?page=1` },
    ]);
  });

  it('with --dry-run fetches and compares but writes no run and no row', async () => {
    const { config, mode, db, log } = await setup(modelsRoute);
    await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'] });
    const dry = await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'], dryRun: true });
    expect(dry.sources[0]).toMatchObject({ status: 'success', rows: 40, rowsStored: 0, rowsUnchanged: 40, runId: null });
    expect(count(db, 'sync_runs')).toBe(1);
    expect(count(db, 'openrouter_model_observations')).toBe(40);
  });

  it('counts changed, new and removed rows against the previous successful run', async () => {
    let list = models;
    const { config, mode, db, log } = await setup((req) =>
      req.path === '/api/v1/models' ? { status: 200, body: { data: list } } : undefined,
    );
    await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'] });
    const repriced = { ...(models[0] as object), pricing: { prompt: '0.000009', completion: '0.00001' } };
    list = [repriced as unknown as { id: string }, ...models.slice(1, 39), { ...(models[0] as object), id: 'new/model' } as { id: string }];
    const second = await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'] });
    expect(second.sources[0]).toMatchObject({ rowsChanged: 1, rowsNew: 1, rowsRemoved: 1, rowsUnchanged: 38 });
  });

  it('an interrupted run is recorded as failed and stores nothing', async () => {
    const { config, mode, db, log } = await setup(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await syncSources({ config, db, log, signal: controller.signal }, { mode, sources: ['openrouter-models'] });
    expect(result.sources[0]).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
    expect(count(db, 'openrouter_model_observations')).toBe(0);
    expect((db.sqlite.prepare('select status from sync_runs').get() as { status: string }).status).toBe('failed');
  });

  it('marks a run left "running" by a dead process as failed', async () => {
    const { config, mode, db, log } = await setup(modelsRoute);
    const os = await import('node:os');
    const orphan = startRun(db.orm, 'openrouter-models', 'live', new Date(), { pid: 2 ** 22 + 12345, host: os.hostname() });
    await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'] });
    const row = db.sqlite.prepare('select status, error from sync_runs where id = ?').get(orphan) as { status: string; error: string };
    expect(row).toEqual({ status: 'failed', error: 'interrupted: the process ended before the run finished' });
  });

  it('fetches endpoints only for the shortlist candidates: the models curation puts in a tier', async () => {
    const { config, mode, db, log } = await setup(modelsRoute, (req) =>
      req.path.endsWith('/endpoints') ? { status: 404, body: { error: { code: 404, message: 'gone' } } } : undefined,
    );
    const events: ProgressEvent[] = [];
    const result = await syncSources(
      { config, db, log, onProgress: (e) => void events.push(e) },
      { mode, sources: ['openrouter-models', 'openrouter-endpoints'] },
    );
    const asked = askedForEndpoints().sort();
    // Progress knows the endpoint total up front (one request per model), so a terminal can show done/total.
    const responses = events.filter((e) => e.source === 'openrouter-endpoints' && e.phase === 'response');
    expect(responses).toHaveLength(asked.length);
    expect(responses.map((e) => `${e.requests}/${e.total}`).at(-1)).toBe(`${asked.length}/${asked.length}`);
    expect(events.filter((e) => e.source === 'openrouter-models').every((e) => e.total === undefined)).toBe(true);
    // Every one answered 404: that is an empty result, a failure, not a success with nothing.
    expect(result.sources[1]).toMatchObject({ source: 'openrouter-endpoints', status: 'failed', errorCode: 'empty' });
    // Entries do not depend on endpoint telemetry, only their prices do: the shortlist published
    // from this data holds exactly the models whose endpoints were asked for.
    const shortlist = publishFromDatabase({
      config: { ...config, shortlistsDir: mkdtempSync(path.join(os.tmpdir(), 'pareto-sync-')) },
      db,
    });
    const published = JSON.parse(readFileSync(shortlist.file!, 'utf8')) as { tiers: Record<string, { entries: Array<{ model: string }> }> };
    expect(asked).toEqual([...new Set(Object.values(published.tiers).flatMap((t) => t.entries.map((e) => e.model)))].sort());
    // …which is fewer than every model with a coding index: the lower half of the field is not asked.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThan(withIndex().length);
  });

  it('with a broken curation file, says so and fetches endpoints for every model with an AA coding index', async () => {
    const { config, mode, db, log } = await setup(modelsRoute, (req) =>
      req.path.endsWith('/endpoints') ? { status: 404, body: { error: { code: 404, message: 'gone' } } } : undefined,
    );
    const curationPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-sync-')), 'curation.json');
    writeFileSync(curationPath, '{ "aliases": [');
    await syncSources({ config: { ...config, curationPath }, db, log }, { mode, sources: ['openrouter-models', 'openrouter-endpoints'] });
    expect(askedForEndpoints().sort()).toEqual(withIndex().sort());
    expect(
      log.lines.some(
        (l) => l.startsWith('warn openrouter-endpoints: cannot work out the shortlist candidates') && l.includes('curation.json'),
      ),
    ).toBe(true);
  });

  it('does not fetch endpoints when the models sync of the same run failed', async () => {
    const { config, mode, db, log } = await setup((req) => (req.path === '/api/v1/models' ? { status: 500, body: 'boom' } : undefined));
    const result = await syncSources({ config, db, log }, { mode, sources: ['openrouter-models', 'openrouter-endpoints'] });
    expect(result.sources.map((s) => s.status)).toEqual(['failed', 'failed']);
    expect(result.sources[1]!.error).toContain('openrouter-models failed in this sync');
    expect(server!.requests.some((r) => r.path.endsWith('/endpoints'))).toBe(false);
  });

  it('logs a failure once, naming its source once even when the error already does', async () => {
    const { config, mode, db, log } = await setup((req) =>
      req.path === '/api/v1/models' ? { status: 401, body: { error: { code: 401, message: 'No auth credentials found' } } } : undefined,
    );
    const result = await syncSources({ config, db, log }, { mode, sources: ['openrouter-models'] });
    expect(result.sources[0]!.error).toMatch(/^openrouter-models: /);
    const warnings = log.lines.filter((l) => l.startsWith('warn '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warn openrouter-models: GET /);
  });
});
