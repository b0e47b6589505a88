import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import { aaLeaderboard, leaderboardRowToApiRow } from '../../src/sources/aa-leaderboard/index.js';
import { parseLeaderboardHtml } from '../../src/sources/aa-leaderboard/parse.js';
import { parseAaRow } from '../../src/sources/artificial-analysis/index.js';
import { startFixtureServer, type FixtureAnswer, type FixtureServer } from '../support/fixture-server.js';
import { testContext } from '../support/source-context.js';

const KEY = 'aa-test-key-SECRET-1234567890';
const PAGE = '/leaderboards/models';
const URL_ = 'https://artificialanalysis.ai/leaderboards/models';

function html(name: string): string {
  return readFileSync(new URL(`../fixtures/aa/${name}`, import.meta.url), 'utf8');
}

const SKELETON = html('leaderboard.html');

/** Applies one edit to the skeleton and checks that the edit really happened. */
function edited(from: string | RegExp, to: string): string {
  const out = SKELETON.replace(from, to);
  expect(out).not.toBe(SKELETON);
  return out;
}

function layoutFailure(page: string): ParetoError {
  let error: unknown;
  let result: unknown;
  try {
    result = parseLeaderboardHtml(page, URL_);
  } catch (e) {
    error = e;
  }
  expect(result).toBeUndefined();
  expect(error).toBeInstanceOf(ParetoError);
  expect((error as ParetoError).code).toBe('layout');
  expect((error as ParetoError).message).toContain('the page layout has changed');
  expect((error as ParetoError).hint).toContain('nothing was stored');
  return error as ParetoError;
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function servePage(answer: FixtureAnswer) {
  return startFixtureServer((req) => (req.path === PAGE ? answer : undefined));
}

const htmlPage = (body: string): FixtureAnswer => ({ status: 200, body, headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('aa-leaderboard source', () => {
  it('is opt-in (AA restricts scraping)', () => {
    expect(aaLeaderboard).toMatchObject({ id: 'aa-leaderboard', kind: 'aa-model', optIn: true });
  });

  it('fetches the page without the API key and parses the APIS §1.9 D skeleton', async () => {
    server = await servePage(htmlPage(SKELETON));
    const ctx = testContext({ env: { AA_BASE_URL: server.baseUrl, AA_API_KEY: KEY } });
    const result = await aaLeaderboard.fetch(ctx);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
    expect(server.requests[0]?.headers.accept).toContain('text/html');
    expect(result.kind).toBe('aa-model');
    expect(result.meta).toMatchObject({ indexVersion: 4.3, shape: 'leaderboard', rows: 2, tableRowsChecked: 2 });
    expect(result.dropped).toEqual([]);
    expect(result.records).toEqual([
      {
        aaId: 'slug:claude-opus-5',
        slug: 'claude-opus-5',
        name: 'Claude Opus 5 (Adaptive Reasoning, Max Effort)',
        creatorId: null,
        creatorName: 'Anthropic',
        creatorSlug: null,
        releaseDate: null,
        indexVersion: 4.3,
        intelligenceIndex: 63.1,
        codingIndex: 78,
        agenticIndex: null,
        priceInputPerM: 5,
        priceOutputPerM: 25,
        priceBlendedPerM: null,
        outputTokensPerSecond: 55.93,
        ttftSeconds: null,
        openrouterApiId: null,
        reasoningModel: null,
        evaluations: {
          artificial_analysis_intelligence_index: 63.1,
          artificial_analysis_coding_index: 78,
          artificial_analysis_agentic_index: null,
        },
      },
      expect.objectContaining({ aaId: 'slug:jt-35b-flash', intelligenceIndex: 29, codingIndex: null, priceInputPerM: null }),
    ]);
    expect(ctx.log.lines.join('\n')).not.toContain(KEY);
  });

  it('reassembles a payload split over several flight chunks and keeps a row id when the page has one', () => {
    const result = parseLeaderboardHtml(html('leaderboard-split-chunks.html'), URL_);
    expect(result.records.map((r) => r.aaId)).toEqual([
      '1f054429-397e-4fdb-9e71-67bc92c1735e',
      'slug:claude-opus-5',
      'slug:deepseek-v4-flash',
      'slug:jt-35b-flash',
    ]);
    const gpt = result.records[0];
    expect(gpt).toMatchObject({
      name: 'GPT-5.5 (xhigh)',
      releaseDate: '2026-04-23',
      creatorName: 'OpenAI',
      indexVersion: 4.3,
      codingIndex: 74.9,
      agenticIndex: 61.2,
      outputTokensPerSecond: 71.4,
      ttftSeconds: 42.1,
      reasoningModel: true,
    });
    // camelCase benchmarks land under the API's names, so both paths fill the same map.
    expect(gpt?.evaluations).toMatchObject({
      gpqa_diamond: 0.935,
      aa_lcr: 0.79,
      tau2_telecom: 0.93859649122807,
      terminalbench_v2_1: 0.842696629213483,
      scicode: 0.561,
      hle: 0.458,
    });
    // RSC writes undefined as "$undefined": that is no value.
    expect(result.records[3]).toMatchObject({ codingIndex: null, intelligenceIndex: 28.5 });
    expect(result.meta).toMatchObject({ rows: 4, tableRowsChecked: 4 });
  });

  it('turns page rows into API rows that the shared row normaliser accepts', () => {
    const row = leaderboardRowToApiRow({
      slug: 'm',
      name: 'M',
      intelligenceIndex: 40,
      codingIndex: 50,
      price1mInputTokens: 1,
      medianOutputTokensPerSecond: 0,
    });
    const outcome = parseAaRow(row, 4.3, 'models row 1');
    expect(outcome.ok).toBe(true);
    // The same rules as the API path: a speed of 0 is "not measured".
    expect(outcome.ok && outcome.record).toMatchObject({
      aaId: 'slug:m',
      codingIndex: 50,
      priceInputPerM: 1,
      outputTokensPerSecond: null,
      indexVersion: 4.3,
    });
    const noSlug = parseAaRow(leaderboardRowToApiRow({ name: 'No slug', intelligenceIndex: 1 }), 4.3, 'models row 2');
    expect(noSlug.ok).toBe(false);
  });

  it('fails on a 403 from the site with a hint towards the API or OpenRouter', async () => {
    server = await servePage({ status: 403, body: '<html>Access denied</html>', headers: { 'content-type': 'text/html' } });
    const error = (await aaLeaderboard
      .fetch(testContext({ env: { AA_BASE_URL: server.baseUrl } }))
      .catch((e: unknown) => e)) as ParetoError;
    expect(error).toBeInstanceOf(ParetoError);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/^aa-leaderboard: GET .*\/leaderboards\/models answered 403/);
    expect(error.hint).toContain('OpenRouter');
  });

  it('fails closed over HTTP when the page layout changed (no flight payload, no table)', async () => {
    server = await servePage(htmlPage(html('leaderboard-layout-changed.html')));
    const error = (await aaLeaderboard
      .fetch(testContext({ env: { AA_BASE_URL: server.baseUrl } }))
      .catch((e: unknown) => e)) as ParetoError;
    expect(error).toBeInstanceOf(ParetoError);
    expect(error.code).toBe('layout');
    expect(error.message).toContain('no RSC flight payload');
  });
});

describe('parseLeaderboardHtml fails closed', () => {
  it('without a flight payload or a table (re-bundled page)', () => {
    expect(layoutFailure(html('leaderboard-layout-changed.html')).message).toContain('no RSC flight payload');
  });

  it('without the models array anchor', () => {
    const page = edited(/\\"intelligenceIndex\\"/g, '\\"score\\"');
    expect(layoutFailure(page).message).toContain('no models array');
  });

  it('without the index version text', () => {
    expect(layoutFailure(edited('Intelligence Index v4.3', 'Intelligence Index')).message).toContain('Intelligence Index vX.Y');
  });

  it('without a table', () => {
    expect(layoutFailure(edited(/<table>[\s\S]*<\/table>/, '')).message).toContain('no server-rendered <table>');
  });

  it('when the table rows have fewer than 4 cells', () => {
    expect(layoutFailure(edited('<td>1m</td>', '')).message).toContain('table row 1 has 3 cells');
  });

  it('when a table row is not in the payload', () => {
    expect(layoutFailure(edited('<td>JT-35B-Flash</td>', '<td>JT-36B-Flash</td>')).message).toContain(
      '"JT-36B-Flash" is in the table but not in the payload',
    );
  });

  it('when a rounded index disagrees with the payload', () => {
    expect(layoutFailure(edited('<td>63</td>', '<td>64</td>')).message).toContain(
      '"Claude Opus 5 (max)": the table shows 64, the payload has 63.1',
    );
  });

  it('when the estimated marker disagrees with the payload', () => {
    expect(layoutFailure(edited('<td>29*</td>', '<td>29</td>')).message).toContain('the table shows 29, the payload has 29 (estimated)');
  });

  it('when the index cell holds something else (a column moved)', () => {
    expect(layoutFailure(edited('<td>63</td>', '<td>$10.00</td>')).message).toContain('shows "$10.00" in cell 4');
  });
});
