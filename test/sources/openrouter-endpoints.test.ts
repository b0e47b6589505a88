import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { ParetoError } from '../../src/errors.js';
import {
  endpointsUrl,
  openrouterEndpoints,
  parseEndpointsPayload,
  requestedModelIds,
} from '../../src/sources/openrouter-endpoints/index.js';
import type { OpenRouterEndpointRecord } from '../../src/sources/types.js';
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
const ENDPOINTS_PATH = /^\/api\/v1\/models\/([^/]+)\/([^/]+)\/endpoints$/;
const pathOf = (id: string) => `/api/v1/models/${id}/endpoints`;

/** 5 verbatim /endpoints bodies from the 2026-05-31 capture (see test/fixtures/openrouter/README.md). */
const SAMPLE: { data: Array<{ modelId: string; response: any }> } = JSON.parse(
  readFileSync(new URL('../fixtures/openrouter/endpoints_2026-05-31_sample.json', import.meta.url), 'utf8'),
);
const SAMPLE_IDS = SAMPLE.data.map((d) => d.modelId);

/** A fresh copy of one sample body (tests rewrite them to build failure cases). */
function body(id: string): any {
  const entry = SAMPLE.data.find((d) => d.modelId === id);
  if (!entry) throw new Error(`no ${id} in the sample`);
  return structuredClone(entry.response);
}

function sampleBodies(): Record<string, any> {
  return Object.fromEntries(SAMPLE_IDS.map((id) => [id, body(id)]));
}

const modelOf = (req: FixtureRequest) => {
  const match = ENDPOINTS_PATH.exec(req.path);
  return match?.[1] && match[2] ? `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}` : undefined;
};

/**
 * OpenRouter's /endpoints route as the loopback server plays it: a known model gets its body
 * (or whatever `answer` says), any other model 404s with OpenRouter's error body.
 */
function endpointsApi(
  bodies: Record<string, object>,
  answer?: (id: string, req: FixtureRequest) => FixtureAnswer | undefined,
): FixtureRoute {
  return (req) => {
    const id = modelOf(req);
    if (!id) return undefined;
    const special = answer?.(id, req);
    if (special) return special;
    const found = bodies[id];
    return found ? { status: 200, body: found } : { status: 404, body: { error: { code: 404, message: `Model ${id} not found` } } };
  };
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function context(baseUrl: string, options: { key?: string; concurrency?: number } & Omit<TestContextOptions, 'env'> = {}) {
  return testContext({
    ...options,
    env: {
      OPENROUTER_BASE_URL: `${baseUrl}/api/v1`,
      ...(options.key ? { OPENROUTER_API_KEY: options.key } : {}),
      ...(options.concurrency ? { PARETO_ENDPOINTS_CONCURRENCY: String(options.concurrency) } : {}),
    },
    http: { timeoutMs: 300, ...options.http },
  });
}

/** Runs the source and returns the ParetoError it must fail with (and proves nothing came back). */
function failure(ctx: ReturnType<typeof context>): Promise<ParetoError> {
  return sourceFailure(openrouterEndpoints, ctx);
}

const ofModel = (records: readonly OpenRouterEndpointRecord[], id: string) => records.filter((r) => r.modelId === id);

/** The contract runs against three models, one of which (the target) gets each failure. */
const CONTRACT_IDS = ['stepfun/step-3.7-flash', 'xiaomi/mimo-v2.5-pro', 'openai/gpt-5.4-nano'];
const TARGET = 'xiaomi/mimo-v2.5-pro';
httpSourceContract({
  source: openrouterEndpoints,
  key: KEY,
  sentKey: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
  api: (answer, scope) => endpointsApi(sampleBodies(), (id, req) => (scope === 'all' || id === TARGET ? answer(req) : undefined)),
  isTarget: (req) => req.path === pathOf(TARGET),
  context: (baseUrl, { key, retries }) =>
    context(baseUrl, { modelIds: CONTRACT_IDS, ...(key === null ? {} : { key }), ...(retries === undefined ? {} : { http: { retries } }) }),
  ok: () => body(TARGET),
  okRecords: 5,
  errorBody: (code, message) => ({ error: { code, message } }),
  said: (message) => ` (OpenRouter said: "${message}")`,
  refusedKey: KEY,
  leakStatuses: [401, 403, 429, 500],
  emptyList: () => {
    const answer = body(TARGET);
    answer.data.endpoints = [];
    return answer;
  },
  renamedList: () => {
    const { endpoints, ...rest } = body(TARGET).data;
    return { data: { ...rest, providers: endpoints } };
  },
  expected: {
    refused: {
      message:
        /^openrouter-endpoints: GET .*\/models\/xiaomi\/mimo-v2\.5-pro\/endpoints answered 401 \(OpenRouter said: "No auth credentials found"\): the API key was refused$/,
      hint: /unset it/,
    },
    timeout: /^openrouter-endpoints: GET .*\/models\/xiaomi\/mimo-v2\.5-pro\/endpoints timed out after 300 ms$/,
    renamedList:
      /^openrouter-endpoints: .*\/models\/xiaomi\/mimo-v2\.5-pro\/endpoints does not match the documented shape: data\.endpoints: /,
    renamedListHint: /update its schema/,
    emptyList: /none of the 3 model\(s\) fetched lists a provider endpoint/,
  },
});

describe('openrouter-endpoints source: fetching and normalising', () => {
  it('fetches each model in input order and keeps status, uptime, exact prices and limits per endpoint', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const ctx = context(server.baseUrl, { modelIds: SAMPLE_IDS });
    const result = await openrouterEndpoints.fetch(ctx);

    expect(server.requests.map((r) => r.path).sort()).toEqual(SAMPLE_IDS.map(pathOf).sort());
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(result.kind).toBe('openrouter-endpoint');
    expect(result.dropped).toEqual([]);
    expect(result.meta).toEqual({ requested: 5, fetched: 5, notFound: 0, endpoints: 11, authenticated: false });
    // Input order, and each model's endpoints in the order OpenRouter listed them.
    expect(result.records.map((r) => `${r.modelId}|${r.tag}`)).toEqual(
      SAMPLE.data.flatMap((d) => d.response.data.endpoints.map((e: any) => `${d.modelId}|${e.tag}`)),
    );

    expect(ofModel(result.records, 'xiaomi/mimo-v2.5-pro')).toEqual([
      {
        modelId: 'xiaomi/mimo-v2.5-pro',
        endpointName: 'Xiaomi | xiaomi/mimo-v2.5-pro-20260422',
        providerName: 'Xiaomi',
        tag: 'xiaomi/fp8',
        quantization: 'fp8',
        status: 0,
        uptime5m: 99.5685936151855,
        uptime30m: 99.77249459674667,
        uptime1d: 99.90419257027979,
        promptPricePerM: 0.435,
        completionPricePerM: 0.87,
        latencyP50Ms: null,
        throughputP50: null,
        contextLength: 1048576,
        maxCompletionTokens: 131072,
      },
      {
        modelId: 'xiaomi/mimo-v2.5-pro',
        endpointName: 'DeepInfra | xiaomi/mimo-v2.5-pro-20260422',
        providerName: 'DeepInfra',
        tag: 'deepinfra/fp8',
        quantization: 'fp8',
        status: -2,
        uptime5m: 100,
        uptime30m: 92.54881808838643,
        uptime1d: 96.4656318859994,
        promptPricePerM: 1,
        completionPricePerM: 3,
        latencyP50Ms: null,
        throughputP50: null,
        contextLength: 1048576,
        maxCompletionTokens: 16384,
      },
    ]);
    const glm = ofModel(result.records, 'z-ai/glm-4.7-flash');
    expect(glm.map((r) => [r.providerName, r.status, r.promptPricePerM, r.uptime5m, r.uptime30m])).toEqual([
      ['DeepInfra', 0, 0.06, 99.63636363636364, 99.62335216572504],
      ['Cloudflare', 0, 0.0605, 95.34883720930233, 98.61721164795836],
      ['Z.AI', -5, 0.07, null, 52.991452991452995],
      ['Novita', 0, 0.07, 65.625, null],
      ['Phala', 0, 0.1, null, 98.00995024875621],
      ['Venice', 0, 0.125, null, null],
    ]);
    expect(ofModel(result.records, '~openai/gpt-latest')).toEqual([]);
    expect(ctx.log.lines).toContain('info openrouter-endpoints: 11 endpoints for 5 models');
  });

  it('strips variants, asks once per base model, and encodes each path segment', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const ids = [
      'xiaomi/mimo-v2.5-pro:free',
      ' xiaomi/mimo-v2.5-pro ',
      'xiaomi/mimo-v2.5-pro:nitro',
      '~openai/gpt-latest',
      'stepfun/step-3.7-flash:thinking',
    ];
    const result = await openrouterEndpoints.fetch(context(server.baseUrl, { modelIds: ids }));
    expect(server.requests.map((r) => r.path).sort()).toEqual([
      pathOf('stepfun/step-3.7-flash'),
      pathOf('xiaomi/mimo-v2.5-pro'),
      pathOf('~openai/gpt-latest'),
    ]);
    expect(result.records.map((r) => r.modelId)).toEqual(['xiaomi/mimo-v2.5-pro', 'xiaomi/mimo-v2.5-pro', 'stepfun/step-3.7-flash']);
    expect(result.meta).toMatchObject({ requested: 3, fetched: 3 });

    expect(requestedModelIds(['a/b:free', 'a/b', 'c/d'])).toEqual(['a/b', 'c/d']);
    expect(endpointsUrl('https://openrouter.ai/api/v1', 'odd/na#me?x')).toBe(
      'https://openrouter.ai/api/v1/models/odd/na%23me%3Fx/endpoints',
    );
    expect(endpointsUrl('https://openrouter.ai/api/v1', '~openai/gpt-latest')).toBe(
      'https://openrouter.ai/api/v1/models/~openai/gpt-latest/endpoints',
    );
  });

  it('keeps the endpoints of an alias under the id that was asked for', async () => {
    // The capture holds real alias answers: the preview id resolves to google/gemini-2.5-pro.
    const capture = loadCapture('or_endpoints_2026-05-31_wrapped');
    const entry = capture.data.find((d: any) => d.modelId === 'google/gemini-2.5-pro-preview');
    expect(entry.response.data.id).toBe('google/gemini-2.5-pro');
    server = await startFixtureServer(endpointsApi({ 'google/gemini-2.5-pro-preview': entry.response }));
    const ctx = context(server.baseUrl, { modelIds: ['google/gemini-2.5-pro-preview'] });
    const result = await openrouterEndpoints.fetch(ctx);
    expect(result.records.length).toBe(entry.response.data.endpoints.length);
    expect(result.records.every((r) => r.modelId === 'google/gemini-2.5-pro-preview')).toBe(true);
    expect(ctx.log.lines.some((l) => l.startsWith('debug') && l.includes('resolved to google/gemini-2.5-pro'))).toBe(true);
  });

  it('reads every model of the real 2026-05-31 capture over loopback, none dropped', async () => {
    const capture = loadCapture('or_endpoints_2026-05-31_wrapped');
    const bodies: Record<string, any> = {};
    // Variants were fetched by the base model's permaslug, so their answers are the base model's.
    for (const entry of capture.data) bodies[entry.modelId.split(':')[0]] ??= entry.response;
    const ids: string[] = capture.data.map((d: any) => d.modelId);
    server = await startFixtureServer(endpointsApi(bodies));
    const result = await openrouterEndpoints.fetch(context(server.baseUrl, { modelIds: ids, concurrency: 8 }));

    const unique = Object.keys(bodies);
    const expected = unique.reduce((n, id) => n + bodies[id].data.endpoints.length, 0);
    // 23 of the 350 are variants; 16 of those have their base model in the list too.
    expect(unique).toHaveLength(334);
    expect(server.requests).toHaveLength(unique.length);
    expect(result.dropped).toEqual([]);
    expect(result.records).toHaveLength(expected);
    expect(result.meta).toEqual({
      requested: unique.length,
      fetched: unique.length,
      notFound: 0,
      endpoints: expected,
      authenticated: false,
    });
    expect(result.records.filter((r) => r.status !== 0).length).toBeGreaterThan(0);
    expect(result.records.every((r) => r.latencyP50Ms === null && r.throughputP50 === null)).toBe(true);
    expect(result.records.every((r) => r.promptPricePerM !== null && r.promptPricePerM >= 0)).toBe(true);
  });
});

/**
 * A loopback server that holds every answer for `delayMs`, so requests overlap and the number in
 * flight at once can be measured where it matters: at the server.
 */
async function startSlowServer(bodies: Record<string, object>, delayMs: number) {
  const stats = { inFlight: 0, maxInFlight: 0, requests: 0 };
  const srv = http.createServer((req, res) => {
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const match = ENDPOINTS_PATH.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const found = match?.[1] && match[2] ? bodies[`${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`] : undefined;
    setTimeout(() => {
      stats.inFlight--;
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ?? { error: { code: 404, message: 'Model not found' } }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stats, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

describe('openrouter-endpoints: bounded concurrency', () => {
  const capture = loadCapture('or_endpoints_2026-05-31_wrapped');
  const ids: string[] = capture.data
    .filter((d: any) => !d.modelId.includes(':'))
    .slice(0, 12)
    .map((d: any) => d.modelId);
  const bodies = Object.fromEntries(capture.data.filter((d: any) => ids.includes(d.modelId)).map((d: any) => [d.modelId, d.response]));

  it.each([1, 3, 5])('never has more than %d request(s) in flight, and returns results in input order', async (concurrency) => {
    const slow = await startSlowServer(bodies, 25);
    try {
      const result = await openrouterEndpoints.fetch(context(slow.baseUrl, { modelIds: ids, concurrency }));
      expect(slow.stats.requests).toBe(12);
      expect(slow.stats.maxInFlight).toBeLessThanOrEqual(concurrency);
      // And it does use what it may: requests overlap up to the bound.
      expect(slow.stats.maxInFlight).toBe(concurrency);
      const order = [...new Set(result.records.map((r) => r.modelId))];
      expect(order).toEqual(ids.filter((id) => bodies[id].data.endpoints.length > 0));
    } finally {
      await slow.close();
    }
  });

  it('starts no new request after one fails, and lets those in flight finish', async () => {
    const withBroken = { ...bodies };
    delete withBroken[ids[1] as string];
    // ids[1] is missing → 404 (skipped, not a failure); make ids[2] fail hard instead.
    const broken = { ...withBroken, [ids[2] as string]: { data: { id: ids[2], endpoint_list: [] } } };
    const slow = await startSlowServer(broken, 25);
    try {
      const ctx = context(slow.baseUrl, { modelIds: ids, concurrency: 2 });
      const error = await failure(ctx);
      expect(error.code).toBe('schema');
      expect(error.message).toContain('data.endpoints');
      expect(slow.stats.requests).toBeLessThan(ids.length);
      expect(slow.stats.inFlight).toBe(0);
    } finally {
      await slow.close();
    }
  });
});

describe('openrouter-endpoints: key and telemetry', () => {
  /** The real Xiaomi answer with the telemetry an authenticated call gets (values from APIS §2.10 B). */
  function withTelemetry(): any {
    const answer = body('xiaomi/mimo-v2.5-pro');
    const [first, second] = answer.data.endpoints;
    first.latency_last_30m = { p50: 3446, p75: 5534, p90: 7986, p99: 21556 };
    first.throughput_last_30m = { p50: 28, p75: 44, p90: 68, p99: 101 };
    // Too little traffic: no latency object at all, and a throughput of 0 that is no measurement.
    delete second.latency_last_30m;
    second.throughput_last_30m = { p50: 0, p75: 0, p90: 0, p99: 0 };
    return answer;
  }

  /** Telemetry only for a caller that sends a key, as OpenRouter does. */
  const telemetryApi = endpointsApi({}, (id, req) => {
    if (id !== 'xiaomi/mimo-v2.5-pro') return undefined;
    return { status: 200, body: req.headers.authorization ? withTelemetry() : body(id) };
  });

  it('sends Authorization: Bearer only when OPENROUTER_API_KEY is set, and then gets p50 latency and throughput', async () => {
    server = await startFixtureServer(telemetryApi);
    const anonymous = await openrouterEndpoints.fetch(context(server.baseUrl, { modelIds: ['xiaomi/mimo-v2.5-pro'] }));
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(anonymous.meta.authenticated).toBe(false);
    expect(anonymous.records.map((r) => [r.latencyP50Ms, r.throughputP50])).toEqual([
      [null, null],
      [null, null],
    ]);

    const ctx = context(server.baseUrl, { modelIds: ['xiaomi/mimo-v2.5-pro'], key: KEY });
    const keyed = await openrouterEndpoints.fetch(ctx);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(keyed.meta.authenticated).toBe(true);
    expect(keyed.records.map((r) => [r.providerName, r.latencyP50Ms, r.throughputP50])).toEqual([
      ['Xiaomi', 3446, 28],
      ['DeepInfra', null, null],
    ]);
  });

  it('says so when a key was sent but no endpoint has telemetry', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const ctx = context(server.baseUrl, { modelIds: ['xiaomi/mimo-v2.5-pro'], key: KEY });
    await openrouterEndpoints.fetch(ctx);
    expect(ctx.log.lines.some((l) => l.startsWith('info') && l.includes('no endpoint has latency or throughput'))).toBe(true);
  });
});

describe('openrouter-endpoints: 404 skips one model; all 404 is empty', () => {
  it('drops a model that left OpenRouter with a reason, and keeps the others', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const ctx = context(server.baseUrl, { modelIds: ['xiaomi/mimo-v2.5-pro', 'gone/retired-model', 'stepfun/step-3.7-flash'] });
    const result = await openrouterEndpoints.fetch(ctx);
    expect(result.records.map((r) => r.modelId)).toEqual(['xiaomi/mimo-v2.5-pro', 'xiaomi/mimo-v2.5-pro', 'stepfun/step-3.7-flash']);
    expect(result.dropped).toEqual([
      {
        key: 'gone/retired-model',
        kind: 'not_found',
        reason: expect.stringMatching(
          /^GET .*\/models\/gone\/retired-model\/endpoints answered 404: the model is no longer on OpenRouter$/,
        ),
      },
    ]);
    expect(result.meta).toEqual({ requested: 3, fetched: 2, notFound: 1, endpoints: 3, authenticated: false });
    expect(ctx.log.lines.some((l) => l.includes('gone/retired-model answered 404'))).toBe(true);
    // A 404 is final: not retried.
    expect(server.requests.filter((r) => r.path === pathOf('gone/retired-model'))).toHaveLength(1);
  });

  it('fails with "empty" when every requested model answers 404', async () => {
    server = await startFixtureServer(endpointsApi({}));
    const error = await failure(context(server.baseUrl, { modelIds: ['gone/one', 'gone/two'] }));
    expect(error.code).toBe('empty');
    expect(error.message).toBe('openrouter-endpoints: all 2 requested model(s) answered 404 (not on OpenRouter)');
    expect(error.hint).toContain('OPENROUTER_BASE_URL');
  });

  it('fails with "empty" when the models asked for have no endpoints at all', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const error = await failure(context(server.baseUrl, { modelIds: ['~openai/gpt-latest'] }));
    expect(error.code).toBe('empty');
    expect(error.message).toContain('none of the 1 model(s) fetched lists a provider endpoint');
  });
});

describe('openrouter-endpoints: other failures fail the whole source', () => {
  const ids = ['stepfun/step-3.7-flash', 'xiaomi/mimo-v2.5-pro', 'openai/gpt-5.4-nano'];
  /** Every model answers normally except xiaomi/mimo-v2.5-pro, which gets `answer`. */
  const oneBad = (answer: (req: FixtureRequest) => FixtureAnswer) =>
    endpointsApi(sampleBodies(), (id, req) => (id === 'xiaomi/mimo-v2.5-pro' ? answer(req) : undefined));
  const errorBody = (code: number, message: string) => ({ error: { code, message } });

  it('401 without a key asks for one', async () => {
    server = await startFixtureServer(oneBad(() => ({ status: 401, body: errorBody(401, 'No auth credentials found') })));
    const error = await failure(context(server.baseUrl, { modelIds: ids }));
    expect(error.code).toBe('auth');
    expect(error.hint).toContain('set OPENROUTER_API_KEY');
  });

  it('403: access denied', async () => {
    server = await startFixtureServer(oneBad(() => ({ status: 403, body: errorBody(403, 'Key is disabled') })));
    const error = await failure(context(server.baseUrl, { modelIds: ids, key: KEY }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('answered 403 (OpenRouter said: "Key is disabled"): access denied');
  });

  it('a required field renamed on every endpoint is drift; on one endpoint it is a dropped row', async () => {
    const renameTag = (answer: any) => {
      for (const e of answer.data.endpoints) {
        e.provider_tag = e.tag;
        delete e.tag;
      }
      return answer;
    };
    server = await startFixtureServer(endpointsApi(Object.fromEntries(ids.map((id) => [id, renameTag(body(id))]))));
    const error = await failure(context(server.baseUrl, { modelIds: ids }));
    expect(error.code).toBe('schema');
    expect(error.message).toContain('5 of 5 endpoints fail the endpoint schema (schema drift)');
    expect(error.message).toContain('tag');
    await server.close();

    const one = body('openai/gpt-5.4-nano');
    delete one.data.endpoints[1].tag;
    server = await startFixtureServer(endpointsApi({ ...sampleBodies(), 'openai/gpt-5.4-nano': one }));
    const result = await openrouterEndpoints.fetch(context(server.baseUrl, { modelIds: ids }));
    expect(result.records).toHaveLength(4);
    expect(result.dropped).toEqual([{ key: 'openai/gpt-5.4-nano|endpoint 2', kind: 'schema', reason: expect.stringContaining('tag') }]);
  });

  it('an endpoint with a price that is not a number is dropped with the reason', () => {
    const answer = body('openai/gpt-5.4-nano');
    answer.data.endpoints[0].pricing.prompt = 'n/a';
    const parsed = parseEndpointsPayload(answer, 'u', 'openai/gpt-5.4-nano');
    expect(parsed.records.map((r) => r.tag)).toEqual(['openai']);
    expect(parsed.dropped).toEqual([
      {
        key: 'openai/gpt-5.4-nano|azure',
        kind: 'schema',
        reason: expect.stringContaining('pricing.prompt: not a price in USD per token: "n/a"'),
      },
    ]);
    expect(parsed.meta).toEqual({ rows: 2, invalid: 1, servedId: 'openai/gpt-5.4-nano' });
  });
});

describe('openrouter-endpoints: which ids to fetch', () => {
  it.each([[undefined], [[]], [[' ', '']]])('fails with "usage" naming what to pass when the ids are %j', async (modelIds) => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const ctx = testContext({ env: { OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1` }, ...(modelIds ? { modelIds } : {}) });
    const error = await failure(ctx);
    expect(error.code).toBe('usage');
    expect(error.message).toBe('openrouter-endpoints: no model ids were given, so there are no endpoints to fetch');
    expect(error.hint).toContain('author/slug');
    expect(error.hint).toContain('--models');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an id that is not author/slug before asking anything', async () => {
    server = await startFixtureServer(endpointsApi(sampleBodies()));
    const error = await failure(context(server.baseUrl, { modelIds: ['xiaomi/mimo-v2.5-pro', 'gpt-4', 'a/b/c'] }));
    expect(error.code).toBe('usage');
    expect(error.message).toBe('openrouter-endpoints: "gpt-4", "a/b/c" are not an OpenRouter model id');
    expect(server.requests).toHaveLength(0);
  });
});
