import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { ParetoError } from '../../src/errors.js';
import { MAX_MODEL_PAGES, openrouterModels, parseModelsPayload } from '../../src/sources/openrouter-models/index.js';
import type { OpenRouterModelRecord } from '../../src/sources/types.js';
import {
  startFixtureServer,
  type FixtureAnswer,
  type FixtureRequest,
  type FixtureRoute,
  type FixtureServer,
} from '../support/fixture-server.js';
import { httpSourceContract } from '../support/source-contract.js';
import { testContext, type TestContextOptions, sourceFailure } from '../support/source-context.js';

const KEY = 'sk-or-test-SECRET-0987654321';
const MODELS = '/api/v1/models';

/** 11 verbatim models from the 2026-08-22 capture (see test/fixtures/openrouter/README.md). */
function sample(): { data: any[] } {
  return JSON.parse(readFileSync(new URL('../fixtures/openrouter/models_2026-08-22_sample.json', import.meta.url), 'utf8'));
}

function sampleRow(id: string): any {
  const row = sample().data.find((m) => m.id === id);
  if (!row) throw new Error(`no ${id} in the sample`);
  return row;
}

/** OpenRouter's /models route as the loopback server plays it. */
function modelsRoute(answer: (req: FixtureRequest) => FixtureAnswer): FixtureRoute {
  return (req) => (req.path === MODELS ? answer(req) : undefined);
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function context(srv: FixtureServer, options: { key?: string } & Omit<TestContextOptions, 'env'> = {}) {
  return testContext({
    ...options,
    env: { OPENROUTER_BASE_URL: `${srv.baseUrl}/api/v1`, ...(options.key ? { OPENROUTER_API_KEY: options.key } : {}) },
    http: { timeoutMs: 300, ...options.http },
  });
}

/** Runs the source and returns the ParetoError it must fail with (and proves nothing came back). */
function failure(ctx: ReturnType<typeof context>): Promise<ParetoError> {
  return sourceFailure(openrouterModels, ctx);
}

const byId = (records: readonly OpenRouterModelRecord[], id: string) => records.find((r) => r.modelId === id);

httpSourceContract({
  source: openrouterModels,
  key: KEY,
  sentKey: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
  api: (answer) => modelsRoute(answer),
  isTarget: (req) => req.path === MODELS,
  context: (baseUrl, { key, retries }) =>
    testContext({
      env: { OPENROUTER_BASE_URL: `${baseUrl}/api/v1`, ...(key === null ? {} : { OPENROUTER_API_KEY: key }) },
      http: { timeoutMs: 300, ...(retries === undefined ? {} : { retries }) },
    }),
  ok: sample,
  okRecords: 11,
  errorBody: (code, message) => ({ error: { code, message } }),
  said: (message) => ` (OpenRouter said: "${message}")`,
  refusedKey: KEY,
  leakStatuses: [401, 403, 429, 500],
  emptyList: () => ({ data: [], total_count: 0, links: { next: null } }),
  renamedList: () => ({ models: sample().data }),
  expected: {
    refused: {
      message:
        /^openrouter-models: GET .*\/api\/v1\/models answered 401 \(OpenRouter said: "No auth credentials found"\): the API key was refused$/,
      hint: /OPENROUTER_API_KEY is set but OpenRouter does not accept it/,
    },
    timeout: /^openrouter-models: GET .*\/models timed out after 300 ms$/,
    renamedList: /has no "data" array \(top-level keys: models\)/,
    renamedListHint: /openrouter-models/,
    emptyList: /empty model list/,
  },
});

describe('openrouter-models source: envelopes and normalisation', () => {
  it('reads the plain {data} envelope and keeps every model, routers and variants included', async () => {
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: sample() })));
    const ctx = context(server);
    const result = await openrouterModels.fetch(ctx);

    expect(server.requests.map((r) => r.path)).toEqual([MODELS]);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.kind).toBe('openrouter-model');
    expect(result.records.map((r) => r.modelId)).toEqual(sample().data.map((m) => m.id));
    expect(result.dropped).toEqual([]);
    expect(result.meta).toEqual({ total: 11, pages: 1, envelope: 'data' });

    expect(byId(result.records, 'anthropic/claude-sonnet-4.6')).toEqual({
      modelId: 'anthropic/claude-sonnet-4.6',
      canonicalSlug: 'anthropic/claude-4.6-sonnet-20260217',
      name: 'Anthropic: Claude Sonnet 4.6',
      created: 1771342990,
      contextLength: 1000000,
      inputModalities: ['text', 'image', 'file'],
      outputModalities: ['text'],
      tokenizer: 'Claude',
      promptPricePerM: 3,
      completionPricePerM: 15,
      variablePrice: false,
      supportedEfforts: ['max', 'high', 'medium', 'low'],
      defaultEffort: 'medium',
      reasoningMandatory: false,
      // The sample's reasoning object does not say these.
      reasoningDefaultEnabled: null,
      reasoningSupportsMaxTokens: null,
      supportedParameters: sampleRow('anthropic/claude-sonnet-4.6').supported_parameters,
      aaIntelligenceIndex: 48.4,
      aaCodingIndex: 63,
      aaAgenticIndex: 42.1,
      expirationDate: null,
      knowledgeCutoff: null,
      // "" on the wire means "none".
      huggingFaceId: null,
    });
    expect(byId(result.records, 'openrouter/pareto-code')).toMatchObject({
      tokenizer: 'Router',
      promptPricePerM: null,
      completionPricePerM: null,
      variablePrice: true,
      supportedParameters: [],
      supportedEfforts: null,
      reasoningMandatory: null,
      aaCodingIndex: null,
    });
    expect(byId(result.records, 'openrouter/auto')).toMatchObject({ variablePrice: true, outputModalities: ['text', 'image'] });
    expect(byId(result.records, 'poolside/laguna-s-2.1:free')).toMatchObject({
      promptPricePerM: 0,
      completionPricePerM: 0,
      variablePrice: false,
      huggingFaceId: 'poolside/Laguna-S-2.1',
      supportedEfforts: null,
      reasoningMandatory: false,
    });
    expect(byId(result.records, 'google/gemini-3.7-flash:batch')).toMatchObject({
      promptPricePerM: 0.1875,
      completionPricePerM: 0.9375,
      aaCodingIndex: 76.1,
    });
    expect(byId(result.records, 'google/gemini-3.1-flash-image')).toMatchObject({
      outputModalities: ['image', 'text'],
      promptPricePerM: 0.5,
      completionPricePerM: 3,
    });
    expect(byId(result.records, 'kwaipilot/kat-coder-air-v2.5')).toMatchObject({
      promptPricePerM: 0.15,
      completionPricePerM: 0.6,
      supportedEfforts: null,
    });
    expect(byId(result.records, 'google/gemini-3.5-flash-lite')).toMatchObject({
      promptPricePerM: 0.3,
      completionPricePerM: 2.5,
      defaultEffort: 'minimal',
    });
    expect(byId(result.records, 'z-ai/glm-5.3')).toMatchObject({
      promptPricePerM: 1.4,
      completionPricePerM: 4.4,
      supportedEfforts: ['max', 'high', 'low'],
      defaultEffort: 'max',
      reasoningMandatory: true,
      aaIntelligenceIndex: 59.5,
      aaCodingIndex: 74.8,
      aaAgenticIndex: 59.1,
      expirationDate: '2098-12-31',
    });
    expect(byId(result.records, 'inclusionai/ring-2.6-1t')).toMatchObject({
      promptPricePerM: 0.075,
      completionPricePerM: 0.625,
      expirationDate: '2026-08-24',
    });
  });

  it('reads the {data, total_count, links} envelope', async () => {
    const body = { ...sample(), total_count: 11, links: { next: null } };
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body })));
    const ctx = context(server);
    const result = await openrouterModels.fetch(ctx);
    expect(result.records).toHaveLength(11);
    expect(result.meta).toEqual({ total: 11, pages: 1, envelope: 'data+links' });
    expect(ctx.log.lines.filter((l) => l.includes('total_count'))).toEqual([]);
  });

  it('sends the Bearer key on every page when one is set', async () => {
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: sample() })));
    await openrouterModels.fetch(context(server, { key: KEY }));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  it('follows links.next page by page, keeps the first copy of a repeated id, and stays on the configured host', async () => {
    const rows = sample().data;
    const pages: Record<string, object> = {
      '': { data: rows.slice(0, 4), total_count: 11, links: { next: '/api/v1/models?offset=4&limit=4' } },
      // A model moved between pages while they were read: rows[3] comes again.
      '4': { data: rows.slice(3, 8), total_count: 11, links: { next: 'https://elsewhere.example/api/v1/models?offset=8&limit=4' } },
      '8': { data: rows.slice(8), total_count: 11, links: { next: null } },
    };
    server = await startFixtureServer(modelsRoute((req) => ({ status: 200, body: pages[req.query.get('offset') ?? ''] ?? { data: [] } })));
    const ctx = context(server, { key: KEY });
    const result = await openrouterModels.fetch(ctx);

    expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      `${MODELS}?`,
      `${MODELS}?offset=4&limit=4`,
      `${MODELS}?offset=8&limit=4`,
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(result.records.map((r) => r.modelId)).toEqual(rows.map((m) => m.id));
    expect(result.dropped).toEqual([
      { key: rows[3].id, kind: 'duplicate', reason: 'duplicate id (page 2 row 1); the row from page 1 row 4 is kept' },
    ]);
    expect(result.meta).toEqual({ total: 11, pages: 3, envelope: 'data+links' });
  });

  it('fails when links.next loops back or never ends, rather than keep a partial list', async () => {
    const looping = { data: sample().data.slice(0, 2), links: { next: '/api/v1/models?offset=2' } };
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: looping })));
    const loop = await failure(context(server));
    expect(loop.code).toBe('schema');
    expect(loop.message).toContain('already read');
    expect(server.requests).toHaveLength(2);
    await server.close();

    server = await startFixtureServer(
      modelsRoute((req) => {
        const offset = Number(req.query.get('offset') ?? 0);
        return {
          status: 200,
          body: { data: [{ ...sampleRow('z-ai/glm-5.3'), id: `x/m-${offset}` }], links: { next: `/api/v1/models?offset=${offset + 1}` } },
        };
      }),
    );
    const endless = await failure(context(server));
    expect(endless.code).toBe('schema');
    expect(endless.message).toContain(`after ${MAX_MODEL_PAGES} pages`);
    expect(server.requests).toHaveLength(MAX_MODEL_PAGES);
  });
});

describe('openrouter-models: exact price conversion (parseModelsPayload)', () => {
  const withPrices = (prompt: unknown, completion: unknown = '0.000015') => ({
    ...sampleRow('anthropic/claude-sonnet-4.6'),
    pricing: { prompt, completion },
  });
  const prices = (row: object) => {
    const { records, dropped } = parseModelsPayload({ data: [row, sampleRow('z-ai/glm-5.3')] }, 'https://openrouter.ai/api/v1/models');
    return { record: records.find((r) => r.modelId === 'anthropic/claude-sonnet-4.6'), dropped };
  };

  it.each([
    ['0.000003', 3],
    ['0.00000015', 0.15],
    ['0.0000003', 0.3],
    ['0.000000025', 0.025],
    ['0', 0],
    ['1e-7', 0.1],
    [0.000003, 3],
  ])('%j USD/token → %d USD per 1M tokens, exactly', (input, expected) => {
    expect(prices(withPrices(input)).record).toMatchObject({ promptPricePerM: expected, variablePrice: false });
  });

  it('reads the router sentinel "-1" as a variable price, not a negative one', () => {
    expect(prices(withPrices('-1', '-1')).record).toMatchObject({ promptPricePerM: null, completionPricePerM: null, variablePrice: true });
    expect(prices(withPrices('-1', '0.000015')).record).toMatchObject({
      promptPricePerM: null,
      completionPricePerM: 15,
      variablePrice: true,
    });
  });

  it('keeps a missing price as unknown (null), never 0', () => {
    const row = { ...sampleRow('anthropic/claude-sonnet-4.6'), pricing: { prompt: '0.000003' } };
    expect(prices(row).record).toMatchObject({ promptPricePerM: 3, completionPricePerM: null, variablePrice: false });
  });

  it.each(['abc', '', '$0.000003', '-0.000003', 'NaN'])('drops a model whose price is %j, with the reason', (garbage) => {
    const { record, dropped } = prices(withPrices(garbage));
    expect(record).toBeUndefined();
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.key).toBe('anthropic/claude-sonnet-4.6');
    expect(dropped[0]?.reason).toContain('pricing.prompt');
    expect(dropped[0]?.reason).toContain('not a price in USD per token');
  });
});

describe('openrouter-models: the real 2026-08-22 list (421 models) over loopback', () => {
  it('ingests all 421 with none dropped', async () => {
    const capture = loadCapture('or_models_2026-08-22_wrapped');
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: { data: capture.data } })));
    const result = await openrouterModels.fetch(context(server));
    const records = result.records;

    expect(records).toHaveLength(421);
    expect(result.dropped).toEqual([]);
    expect(result.meta).toEqual({ total: 421, pages: 1, envelope: 'data' });
    // 230 models carry a `benchmarks` object, but 61 of them hold only design_arena scores.
    const withAa = capture.data.filter((m: any) => m.benchmarks?.artificial_analysis?.coding_index != null).length;
    expect(withAa).toBe(169);
    expect(records.filter((r) => r.aaCodingIndex !== null)).toHaveLength(169);
    expect(
      records
        .filter((r) => r.variablePrice)
        .map((r) => r.modelId)
        .sort(),
    ).toEqual(['openrouter/auto', 'openrouter/auto-beta', 'openrouter/bodybuilder', 'openrouter/fusion', 'openrouter/pareto-code']);
    expect(records.filter((r) => r.tokenizer === 'Router')).toHaveLength(18);
    expect(records.filter((r) => r.supportedEfforts !== null).length).toBe(
      capture.data.filter((m: any) => m.reasoning?.supported_efforts).length,
    );
    // What a default request does: 100 models say they reason by default, 23 that they do not.
    expect(records.filter((r) => r.reasoningDefaultEnabled === true)).toHaveLength(100);
    expect(records.filter((r) => r.reasoningDefaultEnabled === false)).toHaveLength(23);
    expect(byId(records, 'anthropic/claude-opus-4.6')).toMatchObject({
      reasoningDefaultEnabled: false,
      reasoningSupportsMaxTokens: true,
      reasoningMandatory: false,
      defaultEffort: 'high',
    });
    expect(byId(records, 'deepseek/deepseek-v4-pro')).toMatchObject({ reasoningDefaultEnabled: null, supportedEfforts: ['xhigh', 'high'] });
    // Every price came through exactly: the per-1M number printed back is the string shifted by six places.
    for (const model of capture.data) {
      const record = byId(records, model.id);
      if (model.pricing.prompt === '-1') continue;
      expect(record?.promptPricePerM).toBeCloseTo(Number(model.pricing.prompt) * 1e6, 9);
      expect(String(record?.promptPricePerM).length).toBeLessThanOrEqual(model.pricing.prompt.length);
    }
  });

  it('ingests the 2026-07-22 list (342 models) too', async () => {
    const capture = loadCapture('or_models_2026-07-22_wrapped');
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: { data: capture.data } })));
    const result = await openrouterModels.fetch(context(server));
    expect(result.records).toHaveLength(342);
    expect(result.dropped).toEqual([]);
  });
});

describe('openrouter-models: failures return nothing and say why', () => {
  const errorBody = (code: number, message: string) => ({ error: { code, message } });

  it('403: access denied', async () => {
    server = await startFixtureServer(modelsRoute(() => ({ status: 403, body: errorBody(403, 'Key is disabled') })));
    const error = await failure(context(server, { key: KEY }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('answered 403 (OpenRouter said: "Key is disabled"): access denied');
    expect(error.hint).toContain('openrouter.ai/settings/keys');
  });

  it('404: the route is wrong, so the hint points at OPENROUTER_BASE_URL', async () => {
    server = await startFixtureServer(() => ({ status: 404, body: errorBody(404, 'Not Found') }));
    const error = await failure(context(server));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('answered 404');
    expect(error.hint).toContain('OPENROUTER_BASE_URL');
  });

  it('a few bad rows are dropped with a reason; most rows failing is drift', async () => {
    const rows = sample().data;
    const few = [...rows, { name: 'no id' }, { ...rows[0], id: 'x/bad-price', pricing: { prompt: 'free', completion: '0' } }];
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: { data: few } })));
    const result = await openrouterModels.fetch(context(server));
    expect(result.records).toHaveLength(11);
    expect(result.dropped.map((d) => d.key)).toEqual(['page 1 row 12', 'x/bad-price']);
    expect(result.dropped[0]?.reason).toContain('id');
    await server.close();

    // `id` renamed on every row.
    const drifted = rows.map(({ id, ...rest }: any) => ({ ...rest, model_id: id }));
    server = await startFixtureServer(modelsRoute(() => ({ status: 200, body: { data: drifted } })));
    const error = await failure(context(server));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('11 of 11 rows');
    expect(error.message).toContain('schema drift');
  });

  it('a row without output modalities is dropped (a renamed key must not make every model "non-text")', () => {
    const row = sampleRow('z-ai/glm-5.3');
    const { modality, output_modalities, ...architecture } = row.architecture;
    const { records, dropped } = parseModelsPayload(
      { data: [{ ...row, architecture }, sampleRow('openrouter/auto'), sampleRow('anthropic/claude-sonnet-4.6')] },
      'u',
    );
    expect(records.map((r) => r.modelId)).toEqual(['openrouter/auto', 'anthropic/claude-sonnet-4.6']);
    expect(dropped[0]?.reason).toContain('architecture');
    // The older "modality" string alone is enough.
    const old = parseModelsPayload({ data: [{ ...row, architecture: { modality, tokenizer: 'Other' } }] }, 'u');
    expect(old.records[0]).toMatchObject({ inputModalities: ['text'], outputModalities: ['text'] });
  });
});
