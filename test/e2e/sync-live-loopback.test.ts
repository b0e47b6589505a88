import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aaIndexVersionOn, reshapeLegacyToCurrent } from '../../scripts/lib/aa-reshape.js';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';

const AA_KEY = 'aa-e2e-key-SECRET-1122334455';
const OR_KEY = 'sk-or-e2e-SECRET-6677889900';

/**
 * The live path end to end: the real binary, pointed by base URL at a loopback server that
 * serves the real captures in the real API shapes (AA's current paginated list, OpenRouter
 * /models and /endpoints), with both keys set.
 */
let server: FixtureServer;
const aaPages = reshapeLegacyToCurrent(loadCapture('aa_llms_models_2026-08-21'), {
  intelligenceIndexVersion: aaIndexVersionOn('2026-08-21')!,
});
const models = loadCapture('or_models_2026-08-22_wrapped').data as unknown[];
const endpoints = new Map<string, unknown>(
  (loadCapture('or_endpoints_2026-05-31_wrapped').data as Array<{ modelId: string; response: unknown }>).map((e) => [
    e.modelId,
    e.response,
  ]),
);

beforeAll(async () => {
  server = await startFixtureServer(
    (req) => {
      if (!req.path.startsWith('/api/v2/')) return undefined;
      if (req.headers['x-api-key'] !== AA_KEY) return { status: 401, body: { error: 'API key is required' } };
      if (req.path === '/api/v2/language/models')
        return { status: 403, body: { error: 'Language models list requires a Pro subscription' } };
      if (req.path !== '/api/v2/language/models/free') return undefined;
      const page = aaPages[Number(req.query.get('page') ?? '1') - 1];
      return page
        ? { status: 200, body: page, headers: { 'X-AA-Tier': 'free', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '90' } }
        : { status: 404, body: { error: 'no such page' } };
    },
    (req) =>
      req.path === '/api/v1/models'
        ? { status: 200, body: { data: models, total_count: models.length, links: { next: null } } }
        : undefined,
    (req) => {
      const match = /^\/api\/v1\/models\/([^/]+)\/([^/]+)\/endpoints$/.exec(req.path);
      if (!match) return undefined;
      const response = endpoints.get(`${match[1]}/${match[2]}`);
      // A careless server echoes the credentials it got; none of it may be stored or printed.
      if (!response)
        return { status: 404, body: { error: { code: 404, message: `No endpoints found (auth: ${req.headers.authorization})` } } };
      return { status: 200, body: response };
    },
  );
});
afterAll(() => server.close());

describe('pareto sync against real API shapes on loopback', () => {
  it('ingests every row, and no key reaches the output, the logs or the database', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-live-'));
    const result = await runCli(['sync', '--json'], {
      cwd,
      env: { AA_API_KEY: AA_KEY, OPENROUTER_API_KEY: OR_KEY, AA_BASE_URL: server.baseUrl, OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1` },
    });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      ok: boolean;
      sources: Array<{ source: string; status: string; rows: number; rowsDropped: number; requests: number }>;
    };
    const bySource = Object.fromEntries(summary.sources.map((s) => [s.source, s]));
    expect(bySource['artificial-analysis']).toMatchObject({ status: 'success', rows: 610, rowsDropped: 0, requests: 5 });
    expect(bySource['openrouter-models']).toMatchObject({ status: 'success', rows: 421, rowsDropped: 0 });
    // Endpoints are asked for the shortlist candidates only: 67 models (of the 122 non-router ids
    // with an AA coding index); the 2026-05-31 capture has 36 of them, the other 31 answer 404.
    // (GLM-5.2 entered through the effort vocabularies; Gemma 4 31B and DeepSeek V3.2 left: their
    // "(Reasoning)" rows are not what a default request, which does not reason, gets.)
    expect(bySource['openrouter-endpoints']).toMatchObject({ status: 'success', requests: 67, rowsDropped: 31 });
    const asked = server.requests
      .filter((r) => r.path.endsWith('/endpoints'))
      .map((r) => decodeURIComponent(r.path.replace('/api/v1/models/', '').replace('/endpoints', '')));
    const published = await runCli(['publish'], { cwd });
    expect(published.code, published.stderr).toBe(0);
    const shortlist = JSON.parse(readFileSync(path.join(cwd, 'data', 'shortlists', 'latest.json'), 'utf8')) as {
      tiers: Record<string, { entries: Array<{ model: string }> }>;
    };
    expect(asked.sort()).toEqual([...new Set(Object.values(shortlist.tiers).flatMap((t) => t.entries.map((e) => e.model)))].sort());
    expect(server.requests.filter((r) => r.path.endsWith('/endpoints')).every((r) => r.headers.authorization === `Bearer ${OR_KEY}`)).toBe(
      true,
    );

    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain(AA_KEY);
      expect(text).not.toContain(OR_KEY);
    }
    const dbFile = path.join(cwd, 'data', 'pareto.db');
    const db = new Database(dbFile, { readonly: true });
    const tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    let scanned = 0;
    for (const table of tables) {
      for (const row of db.prepare(`select * from "${table}"`).all() as Array<Record<string, unknown>>) {
        const text = JSON.stringify(row, (_, v: unknown) =>
          v && typeof v === 'object' && 'type' in v && (v as { type: string }).type === 'Buffer'
            ? gunzipSync(Buffer.from((v as unknown as { data: number[] }).data)).toString()
            : v,
        );
        expect(text).not.toContain(AA_KEY);
        expect(text).not.toContain(OR_KEY);
        scanned++;
      }
    }
    const echoed = db.prepare('select count(*) as n from raw_responses where status = 404').get() as { n: number };
    expect(echoed.n).toBe(31);
    db.close();
    expect(scanned).toBeGreaterThan(1000);
    for (const file of [dbFile, `${dbFile}-wal`]) {
      const bytes = readFileSync(file, { flag: 'r' }).toString('latin1');
      expect(bytes).not.toContain(AA_KEY);
      expect(bytes).not.toContain(OR_KEY);
    }
  });

  it('says in one line that the network is unreachable and points to --sample', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-live-'));
    const result = await runCli(['sync', '--source', 'openrouter-models'], {
      cwd,
      env: { OPENROUTER_BASE_URL: 'https://no-such-host.invalid/api/v1', PARETO_HTTP_RETRIES: '0' },
    });
    expect(result.code).toBe(1);
    const hints = result.stdout.split('\n').filter((l) => l.includes('--sample'));
    expect(hints).toEqual(['the network looks unreachable: run `pareto sync --sample` to work offline from the bundled sample']);
  });

  it('skips AA without a key and says why, without spending a request', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-live-'));
    const before = server.requests.length;
    const result = await runCli(['sync', '--json', '--source', 'artificial-analysis'], { cwd, env: { AA_BASE_URL: server.baseUrl } });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { sources: Array<{ status: string; error: string }> };
    expect(summary.sources[0]).toMatchObject({ status: 'skipped' });
    expect(summary.sources[0]!.error).toContain('AA_API_KEY is not set');
    expect(server.requests.length).toBe(before);
  });
});
