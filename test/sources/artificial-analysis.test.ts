import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { reshapeLegacyToCurrent, type AaCurrentPage } from '../../scripts/lib/aa-reshape.js';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { ParetoError } from '../../src/errors.js';
import { artificialAnalysis, parseAaPayload } from '../../src/sources/artificial-analysis/index.js';
import {
  scripted,
  startFixtureServer,
  type FixtureAnswer,
  type FixtureRequest,
  type FixtureRoute,
  type FixtureServer,
} from '../support/fixture-server.js';
import { httpSourceContract } from '../support/source-contract.js';
import { memoryBudget, testContext, type TestContextOptions, sourceFailure } from '../support/source-context.js';

const KEY = 'aa-test-key-SECRET-1234567890';
const PRO = '/api/v2/language/models';
const FREE = '/api/v2/language/models/free';
const GPT_55 = '1f054429-397e-4fdb-9e71-67bc92c1735e';
/** The headers AA sends with every authenticated answer (APIS §1.9 A). */
const AA_HEADERS = { 'X-AA-Tier': 'free', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '97', 'X-RateLimit-Reset': '1796000000' };

function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/aa/${name}`, import.meta.url), 'utf8')) as T;
}

/** Real current-shape rows (7, verbatim) served as `pageCount` pages of the current envelope. */
function currentPages(pageCount: number, extra: Partial<AaCurrentPage> = {}): AaCurrentPage[] {
  const head = fixture('free_page1_2026-06-27_head.json');
  const size = Math.ceil(head.data.length / pageCount);
  return Array.from({ length: pageCount }, (_, i) => ({
    tier: head.tier,
    intelligence_index_version: head.intelligence_index_version,
    pagination: { page: i + 1, page_size: size, total_pages: pageCount, has_more: i + 1 < pageCount },
    data: head.data.slice(i * size, (i + 1) * size),
    ...extra,
  }));
}

/** The same pages with every row rewritten (to make Pro rows or drifted ones). */
function mapRows(pages: readonly AaCurrentPage[], rewrite: (row: any, index: number) => unknown): AaCurrentPage[] {
  return pages.map((page) => ({ ...page, data: page.data.map(rewrite) }));
}

/** The 2026-08-21 capture (610 real rows) as the four pages the current API would send. */
function capturePages(): AaCurrentPage[] {
  return reshapeLegacyToCurrent(loadCapture('aa_llms_models_2026-08-21'), { intelligenceIndexVersion: 4.1 });
}

const pageOf = (req: FixtureRequest) => Number(req.query.get('page') ?? '1');

function paged(pages: readonly object[], headers: Record<string, string> = AA_HEADERS): (req: FixtureRequest) => FixtureAnswer {
  return (req) => {
    const body = pages[pageOf(req) - 1];
    return body ? { status: 200, body, headers } : { status: 404, body: { error: 'Page not found' } };
  };
}

/**
 * AA as the loopback server plays it: a key is required (401 otherwise), the Pro list answers
 * 403 to a Free key, the Free list serves `free` page by page.
 */
function aaApi(options: { free?: readonly object[]; pro?: (req: FixtureRequest) => FixtureAnswer }): FixtureRoute {
  return (req) => {
    if (req.path !== PRO && req.path !== FREE) return undefined;
    if (!req.headers['x-api-key']) return { status: 401, body: { error: 'API key is required' } };
    if (req.path === PRO)
      return options.pro
        ? options.pro(req)
        : { status: 403, body: { error: 'Language models list requires a Pro subscription' }, headers: AA_HEADERS };
    return paged(options.free ?? [])(req);
  };
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function context(
  srv: FixtureServer,
  options: { key?: string | null; env?: Record<string, string> } & Omit<TestContextOptions, 'env'> = {},
) {
  const key = options.key === undefined ? KEY : options.key;
  return testContext({
    ...options,
    env: { AA_BASE_URL: srv.baseUrl, ...(key ? { AA_API_KEY: key } : {}), ...options.env },
    http: { timeoutMs: 300, ...options.http },
  });
}

/** Runs the source and returns the ParetoError it must fail with (and proves nothing came back). */
function failure(ctx: ReturnType<typeof context>): Promise<ParetoError> {
  return sourceFailure(artificialAnalysis, ctx);
}

const pathsSeen = (srv: FixtureServer) => srv.requests.map((r) => `${r.path}${r.query.size ? `?${r.query}` : ''}`);

httpSourceContract({
  source: artificialAnalysis,
  key: KEY,
  sentKey: (req) => req.headers['x-api-key'] as string | undefined,
  // The Pro list is the first request; the Free list answers normally unless every request is scripted.
  api: (answer, scope) => (req) =>
    req.path === PRO || (scope === 'all' && req.path === FREE) ? answer(req) : aaApi({ free: currentPages(1) })(req),
  isTarget: (req) => req.path === PRO,
  context: (baseUrl, { key, retries }) =>
    testContext({
      env: { AA_BASE_URL: baseUrl, ...(key === null ? {} : { AA_API_KEY: key }) },
      http: { timeoutMs: 300, ...(retries === undefined ? {} : { retries }) },
    }),
  // Every request, retries included, spends one of AA's daily requests.
  spent: (ctx, requests) => expect(ctx.budget).toMatchObject({ used: requests }),
  ok: () => currentPages(1, { tier: 'pro' })[0] as object,
  okRecords: 7,
  errorBody: (_, message) => ({ error: message }),
  said: (message) => ` (AA said: "${message}")`,
  refusedKey: null,
  leakStatuses: [401, 410, 429, 500],
  emptyList: () => currentPages(1, { data: [] })[0] as object,
  renamedList: () => {
    const { data, ...rest } = currentPages(1)[0] as AaCurrentPage;
    return { ...rest, models: data };
  },
  expected: {
    refused: { message: /AA_API_KEY is missing or invalid/, hint: /set AA_API_KEY[^]*OpenRouter republishes/ },
    timeout: /^artificial-analysis: GET .* timed out after 300 ms/,
    renamedList: /has no "data" array.*models/,
    renamedListHint: /nothing was stored\. Check src\/sources\/artificial-analysis\/readme\.md/,
    emptyList: /empty model list/,
  },
});

describe('artificial-analysis source: pagination and routes', () => {
  it('falls back from Pro (403) to the Free list and follows has_more across pages', async () => {
    server = await startFixtureServer(aaApi({ free: currentPages(2) }));
    const ctx = context(server);
    const result = await artificialAnalysis.fetch(ctx);

    expect(pathsSeen(server)).toEqual([PRO, `${FREE}?page=1`, `${FREE}?page=2`]);
    expect(server.requests.every((r) => r.headers['x-api-key'] === KEY)).toBe(true);
    expect(ctx.log.lines.some((l) => l.startsWith('info') && l.includes('no Pro access') && l.includes('Free list'))).toBe(true);
    expect(result.kind).toBe('aa-model');
    expect(result.records).toHaveLength(7);
    expect(result.dropped).toEqual([]);
    expect(result.meta).toMatchObject({ tier: 'free', indexVersion: 4.1, shape: 'current', route: 'free', pages: 2 });

    const gemini = result.records.find((r) => r.aaId === '0097ebf5-124f-42f6-9463-33b00e711f03');
    expect(gemini).toMatchObject({
      name: 'Gemini 3.5 Flash (high)',
      slug: 'gemini-3-5-flash',
      creatorName: 'Google',
      creatorSlug: null,
      indexVersion: 4.1,
      intelligenceIndex: 50.2,
      codingIndex: 70.1,
      agenticIndex: 37.4,
      priceInputPerM: 1.5,
      priceOutputPerM: 9,
      priceBlendedPerM: null,
      outputTokensPerSecond: 158.97,
      ttftSeconds: 20.86,
      openrouterApiId: null,
      reasoningModel: null,
    });
    // The index-only row: nothing measured stays null, never 0.
    expect(result.records.find((r) => r.name === 'JT-35B-Flash')).toMatchObject({
      codingIndex: null,
      priceInputPerM: null,
      outputTokensPerSecond: null,
    });
    // On the current shape a 0 price is a price (AA uses null for unknown).
    expect(result.records.find((r) => r.name === 'Devstral 2')).toMatchObject({ priceInputPerM: 0, priceOutputPerM: 0 });
  });

  it('reads all 610 real rows of the 2026-08-21 capture served as 4 current pages', async () => {
    server = await startFixtureServer(aaApi({ free: capturePages() }));
    const ctx = context(server);
    const result = await artificialAnalysis.fetch(ctx);
    expect(result.records).toHaveLength(610);
    expect(new Set(result.records.map((r) => r.aaId)).size).toBe(610);
    expect(result.meta).toMatchObject({ route: 'free', pages: 4, indexVersion: 4.1, rows: 610 });
    expect(server.requests).toHaveLength(5);
    expect(ctx.budget).toMatchObject({ used: 5 });
    expect((ctx.budget as ReturnType<typeof memoryBudget>).lastHeaders?.['x-ratelimit-remaining']).toBe('97');
  });

  it('reads the Pro list when the key has Pro, with openrouter_api_id and the Pro fields', async () => {
    // Pro rows: the real Free rows plus the Pro-only fields of APIS §1.4 (values illustrative).
    const pages = mapRows(currentPages(2, { tier: 'pro' }), (row, i) => ({
      ...row,
      reasoning_model: i % 2 === 0,
      openrouter_api_id: i === 0 ? null : `vendor/${row.slug}`,
      evaluations: { ...row.evaluations, scicode: 0.561, terminalbench_v2_1: 0.8427, tau2_telecom: 0.9386 },
      pricing: { ...row.pricing, price_1m_blended_3_to_1: 11.25 },
    }));
    server = await startFixtureServer(aaApi({ pro: paged(pages, { ...AA_HEADERS, 'X-AA-Tier': 'pro' }) }));
    const result = await artificialAnalysis.fetch(context(server));

    expect(pathsSeen(server)).toEqual([PRO, `${PRO}?page=2`]);
    expect(result.meta).toMatchObject({ tier: 'pro', route: 'pro', pages: 2 });
    expect(result.records).toHaveLength(7);
    const gemini = result.records.find((r) => r.slug === 'gemini-3-5-flash');
    expect(gemini).toMatchObject({ openrouterApiId: 'vendor/gemini-3-5-flash', reasoningModel: false, priceBlendedPerM: 11.25 });
    expect(gemini?.evaluations).toMatchObject({
      scicode: 0.561,
      terminalbench_v2_1: 0.8427,
      tau2_telecom: 0.9386,
      artificial_analysis_coding_index: 70.1,
    });
    expect(result.records[0]).toMatchObject({ openrouterApiId: null, reasoningModel: true });
  });

  it('fails when the page cap is reached while has_more is still true, after at most cap requests', async () => {
    const rows = fixture('free_page1_2026-06-27_head.json').data;
    // A server bug: every page says there is another one.
    const forever = (req: FixtureRequest): FixtureAnswer => ({
      status: 200,
      headers: AA_HEADERS,
      body: {
        tier: 'pro',
        intelligence_index_version: 4.1,
        pagination: { page: pageOf(req), page_size: 200, has_more: true },
        data: [rows[pageOf(req) % rows.length]],
      },
    });
    server = await startFixtureServer(aaApi({ pro: forever }));
    const ctx = context(server, { env: { PARETO_AA_MAX_PAGES: '3' } });
    const error = await failure(ctx);
    expect(error.code).toBe('schema');
    expect(error.message).toContain('stopped after 3 page(s)');
    expect(error.message).toContain('PARETO_AA_MAX_PAGES is 3');
    expect(error.hint).toContain('raise PARETO_AA_MAX_PAGES');
    expect(server.requests.length).toBeLessThanOrEqual(3);
    expect(ctx.budget).toMatchObject({ used: 3 });
  });

  it('stops at once when total_pages already exceeds the cap, without spending the quota', async () => {
    const pages = currentPages(2);
    (pages[0] as any).pagination.total_pages = 12;
    server = await startFixtureServer(aaApi({ free: pages }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toMatch(/stopped after 1 page\(s\).*total_pages 12.*PARETO_AA_MAX_PAGES is 10/);
    expect(pathsSeen(server)).toEqual([PRO, `${FREE}?page=1`]);
  });

  it('fails when the server ignores ?page and repeats page 1', async () => {
    const first = currentPages(2)[0] as AaCurrentPage;
    server = await startFixtureServer(aaApi({ free: [first, first] }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('for page 2 and got page 1');
  });

  it('fails when the index version changes between pages (scores of two versions never mix)', async () => {
    const pages = currentPages(2);
    (pages[1] as any).intelligence_index_version = 4.3;
    server = await startFixtureServer(aaApi({ free: pages }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('page 1: 4.1, page 2: 4.3');
  });

  it('keeps the first row of an id that appears on two pages and reports the duplicate', async () => {
    const pages = currentPages(2);
    pages[1]?.data.push(pages[0]?.data[0]);
    server = await startFixtureServer(aaApi({ free: pages }));
    const result = await artificialAnalysis.fetch(context(server));
    expect(result.records).toHaveLength(7);
    expect(result.dropped).toEqual([
      {
        key: '0081ab31-d10a-44a0-a10d-eee5533fec65',
        kind: 'duplicate',
        reason: expect.stringContaining('duplicate id (page 2 row 4); the row from page 1 row 1 is kept'),
      },
    ]);
  });
});

describe('artificial-analysis source: HTTP failures', () => {
  it('404: names the route and points at AA_BASE_URL', async () => {
    server = await startFixtureServer(aaApi({ free: [] }));
    const error = await failure(context(server));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(`${FREE}?page=1 answered 404`);
    expect(error.hint).toContain('AA_BASE_URL');
  });

  it('410: says the route was retired, with the sunset and link headers, and what replaces it', async () => {
    const retired: FixtureAnswer = {
      status: 410,
      body: { error: 'This endpoint was retired on 2026-11-04. See /data-api/migrate-v2-data' },
      headers: {
        deprecation: '@1785801600',
        sunset: 'Wed, 04 Nov 2026 23:59:59 GMT',
        link: '<https://artificialanalysis.ai/data-api/migrate-v2-data>; rel="deprecation"; type="text/html"',
      },
    };
    server = await startFixtureServer(aaApi({ pro: () => retired }));
    const error = await failure(context(server));
    expect(error.code).toBe('gone');
    expect(error.status).toBe(410);
    expect(error.message).toContain('retired');
    expect(error.message).toContain('sunset Wed, 04 Nov 2026 23:59:59 GMT');
    expect(error.message).toContain('https://artificialanalysis.ai/data-api/migrate-v2-data');
    expect(error.hint).toContain('/api/v2/language/models/free');
    expect(server.requests).toHaveLength(1);
  });

  it('429 with a long Retry-After: fails at once, the hint says when the quota resets, the budget sees the headers', async () => {
    const limited: FixtureAnswer = {
      status: 429,
      body: { error: 'Rate limit exceeded' },
      headers: { ...AA_HEADERS, 'Retry-After': '3600', 'X-RateLimit-Remaining': '0' },
    };
    server = await startFixtureServer(aaApi({ pro: () => limited }));
    const ctx = context(server);
    const error = await failure(ctx);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('Retry-After: 3600 s');
    expect(error.hint).toContain('wait 3600 s');
    expect(error.hint).toContain('the quota resets at 2026-11-30T00:53:20.000Z'); // X-RateLimit-Reset 1796000000
    expect(server.requests).toHaveLength(1);
    expect((ctx.budget as ReturnType<typeof memoryBudget>).lastHeaders?.['x-ratelimit-remaining']).toBe('0');
  });

  it.each([500, 502, 503])('%i once, then 200: retried and succeeds', async (status) => {
    const pages = currentPages(1);
    server = await startFixtureServer(
      aaApi({
        free: pages,
        pro: scripted(
          { status, body: 'Bad gateway' },
          { status: 403, body: { error: 'Language models list requires a Pro subscription' } },
        ),
      }),
    );
    const ctx = context(server);
    const result = await artificialAnalysis.fetch(ctx);
    expect(result.records).toHaveLength(7);
    expect(pathsSeen(server)).toEqual([PRO, PRO, `${FREE}?page=1`]);
    expect(ctx.budget).toMatchObject({ used: 3 });
  });

  it('a spent budget stops the sync before the request that would exceed it', async () => {
    server = await startFixtureServer(aaApi({ free: capturePages() }));
    const budget = memoryBudget(3);
    const ctx = context(server, { budget });
    await expect(artificialAnalysis.fetch(ctx)).rejects.toThrow('budget of 3 spent');
    expect(server.requests).toHaveLength(3);
    expect(budget.used).toBe(3);
  });
});

describe('artificial-analysis source: payloads that must fail the run', () => {
  it('a renamed required row field (id → model_id) → schema drift', async () => {
    const pages = mapRows(currentPages(1), ({ id, ...row }) => ({ model_id: id, ...row }));
    server = await startFixtureServer(aaApi({ free: pages }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('7 of 7 rows');
    expect(error.message).toContain('schema drift');
    expect(error.message).toContain('id:');
  });

  it('a renamed coding index key → schema drift, not an empty field', async () => {
    const pages = mapRows(currentPages(1), (row) => {
      const { artificial_analysis_coding_index: coding, ...evaluations } = row.evaluations;
      return { ...row, evaluations: { ...evaluations, aa_coding_index: coding } };
    });
    server = await startFixtureServer(aaApi({ free: pages }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('artificial_analysis_coding_index');
  });

  it('a missing intelligence_index_version → schema (versions must never be guessed)', async () => {
    const pages = currentPages(1);
    delete (pages[0] as any).intelligence_index_version;
    server = await startFixtureServer(aaApi({ free: pages }));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('intelligence_index_version');
  });

  it('a few bad rows are dropped with a reason; the rest is kept', async () => {
    const pages = currentPages(1);
    const data = (pages[0] as AaCurrentPage).data as any[];
    data[1] = { ...data[1], name: null };
    data.push('not a row');
    server = await startFixtureServer(aaApi({ free: pages }));
    const result = await artificialAnalysis.fetch(context(server));
    expect(result.records).toHaveLength(6);
    expect(result.dropped).toEqual([
      { key: '0097ebf5-124f-42f6-9463-33b00e711f03', kind: 'schema', reason: expect.stringContaining('name:') },
      { key: 'page 1 row 8', kind: 'schema', reason: expect.stringContaining('does not match the row schema') },
    ]);
  });
});

describe('artificial-analysis: secrets', () => {
  // Error answers that echo the key are in the contract above; this is the successful run.
  it('never puts the API key in a record or log line of a successful run', async () => {
    server = await startFixtureServer(aaApi({ free: currentPages(2) }));
    const ctx = context(server);
    const result = await artificialAnalysis.fetch(ctx);
    expect(server.requests.every((r) => r.headers['x-api-key'] === KEY)).toBe(true);
    const seen = [JSON.stringify(result), ...ctx.log.lines].join('\n');
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain('SECRET-1234567890');
  });
});

describe('parseAaPayload', () => {
  it('parses all 610 rows of the legacy 2026-08-21 capture, legacy 0 → null', () => {
    const { records, dropped, meta } = parseAaPayload(
      loadCapture('aa_llms_models_2026-08-21'),
      'https://artificialanalysis.ai/api/v2/data/llms/models',
    );
    expect(records).toHaveLength(610);
    expect(dropped).toEqual([]);
    expect(meta).toEqual({ tier: null, indexVersion: null, shape: 'legacy', route: 'legacy', pages: 1 });

    const gpt = records.find((r) => r.aaId === GPT_55);
    expect(gpt).toMatchObject({
      name: 'GPT-5.5 (xhigh)',
      slug: 'gpt-5-5',
      creatorId: 'e67e56e3-15cd-43db-b679-da4660a69f41',
      creatorName: 'OpenAI',
      creatorSlug: 'openai',
      releaseDate: '2026-04-23',
      indexVersion: null,
      intelligenceIndex: 56.3,
      codingIndex: 74.9,
      agenticIndex: null,
      priceInputPerM: 5,
      priceOutputPerM: 30,
      priceBlendedPerM: 11.25,
      // Sent as 0: not measured.
      outputTokensPerSecond: null,
      ttftSeconds: null,
    });
    // Evaluations keep every key, under the current names.
    expect(gpt?.evaluations).toMatchObject({
      gpqa_diamond: 0.935,
      aa_lcr: 0.79,
      tau2_telecom: 0.93859649122807,
      mmlu_pro: null,
      terminalbench_v2_1: 0.842696629213483,
    });
    expect(gpt?.evaluations).not.toHaveProperty('gpqa');
    expect(Object.keys(gpt?.evaluations ?? {})).toHaveLength(17);

    // 440 rows had speed 0 and 222 had every price 0 in that capture; none survives as 0.
    expect(records.filter((r) => r.outputTokensPerSecond === null)).toHaveLength(440);
    expect(records.filter((r) => r.priceInputPerM === null)).toHaveLength(222);
    expect(
      records.some((r) => r.outputTokensPerSecond === 0 || r.ttftSeconds === 0 || r.priceInputPerM === 0 || r.priceBlendedPerM === 0),
    ).toBe(false);
    // A 0 score is a score: kept.
    expect(records.filter((r) => r.evaluations.aa_lcr === 0).length).toBe(64);
    expect(records.find((r) => r.slug === 'gpt-oss-20b-low')).toMatchObject({ outputTokensPerSecond: 157.917, ttftSeconds: 0.742 });
  });

  it('parses the legacy 2026-07-22 capture (579 rows, one with a null release date)', () => {
    const { records } = parseAaPayload(loadCapture('aa_llms_models_2026-07-22'), 'https://artificialanalysis.ai/api/v2/data/llms/models');
    expect(records).toHaveLength(579);
    expect(records.filter((r) => r.releaseDate === null)).toHaveLength(1);
  });

  it('parses the real current-shape page 1 of 2026-06-27', () => {
    const { records, meta } = parseAaPayload(
      loadCapture('aa_language_models_free_page1_2026-06-27'),
      'https://artificialanalysis.ai/api/v2/language/models/free?page=1',
    );
    expect(records).toHaveLength(200);
    expect(meta).toEqual({ tier: 'free', indexVersion: 4.1, shape: 'current', route: 'free', pages: 1 });
    expect(records.every((r) => r.indexVersion === 4.1 && r.creatorSlug === null && r.priceBlendedPerM === null)).toBe(true);
  });

  it('parses the trimmed legacy fixture and detects legacy by its rows when the envelope is bare', () => {
    const legacy = fixture('legacy_2026-08-21_head.json');
    const bare = { data: legacy.data };
    const a = parseAaPayload(legacy, 'legacy.json');
    const b = parseAaPayload(bare, 'legacy.json');
    expect(a.records).toHaveLength(8);
    expect(b.records).toEqual(a.records);
    expect(a.records.find((r) => r.name === 'GPT-5.5 Pro (xhigh)')).toMatchObject({
      priceInputPerM: null,
      priceOutputPerM: null,
      priceBlendedPerM: null,
      outputTokensPerSecond: null,
    });
  });

  it('accepts tier, version and pagination nested under meta', () => {
    const page = currentPages(1)[0] as AaCurrentPage;
    const { data, ...meta } = page;
    const result = parseAaPayload({ meta, data }, 'https://x/api/v2/language/models/free?page=1');
    expect(result.meta).toMatchObject({ tier: 'free', indexVersion: 4.1, shape: 'current' });
    expect(result.records).toHaveLength(7);
  });

  it('rejects what is neither shape', () => {
    expect(() => parseAaPayload([], 'u')).toThrow(/bare array/);
    expect(() => parseAaPayload({ data: [{ id: 'x' }] }, 'u')).toThrow(/neither the current shape/);
    expect(() => parseAaPayload({ tier: 'free', intelligence_index_version: 4.3 }, 'u')).toThrow(/no "data" array/);
  });
});
