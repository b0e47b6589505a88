import { describe, expect, it } from 'vitest';
import { ShortlistContent } from '../../src/artifact/schema.js';
import { buildShortlistContent, type CurationInput } from '../../src/curation/build.js';
import { EMPTY_CURATION, type CurationFile } from '../../src/curation/curation-file.js';
import type { AaModelRecord, OpenRouterEndpointRecord, OpenRouterModelRecord } from '../../src/sources/types.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { fakeAa, fakeOr } from '../support/match-records.js';

/** 21 models m0..m20 with coding index i: percentile 5·i, so m19–m20 high, m17–m18 medium, m10–m16 low. */
function world(
  overrides: {
    rows?: AaModelRecord[];
    models?: OpenRouterModelRecord[];
    endpoints?: OpenRouterEndpointRecord[];
    curation?: CurationFile;
  } = {},
): CurationInput {
  const rows = Array.from({ length: 21 }, (_, i) =>
    fakeAa({ slug: `m${i}`, name: `M${i}`, codingIndex: i, outputTokensPerSecond: 10 * i }),
  );
  const models = Array.from({ length: 21 }, (_, i) =>
    fakeOr({ modelId: `acme/m${i}`, promptPricePerM: 21 - i, completionPricePerM: 2 * (21 - i) }),
  );
  return {
    aaRows: overrides.rows ?? rows,
    models: overrides.models ?? models,
    endpoints: overrides.endpoints ?? null,
    curation: overrides.curation ?? EMPTY_CURATION,
  };
}

const ids = (content: ShortlistContent, tier: 'high' | 'medium' | 'low') => content.tiers[tier].entries.map((e) => e.id);

const endpoint = (modelId: string, fields: Partial<OpenRouterEndpointRecord>): OpenRouterEndpointRecord => ({
  modelId,
  endpointName: `P | ${modelId}`,
  providerName: 'P',
  tag: 'p',
  quantization: null,
  status: 0,
  uptime5m: null,
  uptime30m: null,
  uptime1d: null,
  promptPricePerM: 1,
  completionPricePerM: 2,
  latencyP50Ms: null,
  throughputP50: null,
  contextLength: null,
  maxCompletionTokens: null,
  ...fields,
});

describe('buildShortlistContent', () => {
  it('puts each matched row in the tier of its percentile, ordered by price, and validates', () => {
    const { content } = buildShortlistContent(world());
    expect(ShortlistContent.safeParse(content).success).toBe(true);
    expect(ids(content, 'high')).toEqual(['acme/m20@default', 'acme/m19@default']);
    expect(ids(content, 'medium')).toEqual(['acme/m18@default', 'acme/m17@default']);
    expect(ids(content, 'low')).toEqual([
      'acme/m16@default',
      'acme/m15@default',
      'acme/m14@default',
      'acme/m13@default',
      'acme/m12@default',
      'acme/m11@default',
      'acme/m10@default',
    ]);
    expect(content.tiers.high.byThroughput).toEqual(['acme/m20@default', 'acme/m19@default']);
    expect(content.field).toMatchObject({ source: 'artificial-analysis', size: 21 });
    // Higher score is also cheaper here, so only the best entry is on the frontier.
    expect(content.frontier).toEqual(['acme/m20@default']);
    const top = content.tiers.high.entries[0]!;
    expect(top).toMatchObject({
      percentile: 100,
      codingIndex: 20,
      price: { promptPerM: 1, completionPerM: 2, blendedPerM: 1.25, source: 'openrouter-models' },
      throughput: { p50: 200, source: 'artificial-analysis' },
      available: true,
      frontier: true,
    });
  });

  it('is deterministic: the same input gives the same canonical JSON', () => {
    expect(canonicalJson(buildShortlistContent(world()).content)).toBe(canonicalJson(buildShortlistContent(world()).content));
  });

  it('keeps one entry per model per tier: its highest-scoring effort', () => {
    const rows = world().aaRows!.slice(0, 19);
    rows.push(
      fakeAa({ slug: 'm20', name: 'M20 (high)', codingIndex: 20 }),
      fakeAa({ slug: 'm20-medium', name: 'M20 (medium)', codingIndex: 19 }),
    );
    const models = world().models.map((m) => (m.modelId === 'acme/m20' ? { ...m, supportedEfforts: ['high', 'medium', 'low'] } : m));
    const { content, matches } = buildShortlistContent(world({ rows, models }));
    expect(matches.filter((m) => m.model === 'acme/m20').map((m) => [m.status, m.effort])).toEqual([
      ['matched', 'high'],
      ['matched', 'medium'],
    ]);
    expect(ids(content, 'high')).toEqual(['acme/m20@high']);
  });

  it('applies pins and exclusions with their reasons and warns about ones that apply to nothing', () => {
    const curation: CurationFile = {
      version: 1,
      aliases: [],
      pins: [
        { model: 'acme/m5', effort: null, tier: 'medium', reason: 'our evals rate it higher' },
        { model: 'acme/nope', effort: null, tier: 'high', reason: 'typo' },
      ],
      exclusions: [{ model: 'acme/m19', reason: 'provider terms' }],
    };
    const { content, warnings } = buildShortlistContent(world({ curation }));
    expect(ids(content, 'high')).toEqual(['acme/m20@default']);
    expect(ids(content, 'medium')).toContain('acme/m5@default');
    expect(content.tiers.medium.entries.find((e) => e.id === 'acme/m5@default')?.pinned).toEqual({ reason: 'our evals rate it higher' });
    expect(content.exclusions).toEqual([{ model: 'acme/m19', reason: 'provider terms' }]);
    expect(warnings).toEqual(['pin acme/nope@default → high applied to no entry']);
  });

  it('reports unmatched rows that would have made the shortlist, and only those', () => {
    const models = world().models.filter((m) => m.modelId !== 'acme/m18' && m.modelId !== 'acme/m3');
    const { content } = buildShortlistContent(world({ models }));
    expect(content.unmatched.map((u) => [u.aaSlug, u.percentile, u.status])).toEqual([['m18', 90, 'unmatched']]);
  });

  it('takes price, speed and availability from OK endpoints when there are some', () => {
    const endpoints = [
      endpoint('acme/m20', { tag: 'cheap-but-down', status: -2, promptPricePerM: 0.1, throughputP50: 999 }),
      endpoint('acme/m20', { tag: 'a', promptPricePerM: 0.8, completionPricePerM: 1.6, throughputP50: 55 }),
      endpoint('acme/m20', { tag: 'b', promptPricePerM: 0.9, throughputP50: 71 }),
      endpoint('acme/m19', { tag: 'down', status: -5 }),
    ];
    const { content } = buildShortlistContent(world({ endpoints }));
    const [m20, m19] = content.tiers.high.entries;
    expect(m20).toMatchObject({
      price: { promptPerM: 0.8, completionPerM: 1.6, source: 'openrouter-endpoints' },
      throughput: { p50: 71, source: 'openrouter-endpoints' },
      available: true,
      availability: { okEndpoints: 2, endpoints: 3 },
    });
    expect(m19).toMatchObject({
      id: 'acme/m19@default',
      available: false,
      availability: { okEndpoints: 0, endpoints: 1 },
      price: { source: 'openrouter-models' },
    });
    // The OK endpoints' providers: the down one is left out; a model without OK endpoints has none.
    expect(m20!.providers).toEqual({ P: ['a', 'b'] });
    expect(m19!.providers).toBeUndefined();
  });

  it("maps each provider's display name to its endpoints' tags, sorted, for provider.order", () => {
    const endpoints = [
      endpoint('acme/m20', { providerName: 'DeepInfra', tag: 'deepinfra/fp8' }),
      endpoint('acme/m20', { providerName: 'Google Vertex', tag: 'google-vertex/global' }),
      endpoint('acme/m20', { providerName: 'DeepInfra', tag: 'deepinfra/bf16' }),
      endpoint('acme/m20', { providerName: 'DeepInfra', tag: 'deepinfra/bf16' }),
    ];
    const { content } = buildShortlistContent(world({ endpoints }));
    const m20 = content.tiers.high.entries.find((e) => e.model === 'acme/m20')!;
    expect(Object.entries(m20.providers!)).toEqual([
      ['DeepInfra', ['deepinfra/bf16', 'deepinfra/fp8']],
      ['Google Vertex', ['google-vertex/global']],
    ]);
    // Without endpoint data there is nothing to map.
    expect(buildShortlistContent(world()).content.tiers.high.entries.every((e) => e.providers === undefined)).toBe(true);
  });

  it("falls back to OpenRouter's republished indices without an AA run, and says so", () => {
    const models: OpenRouterModelRecord[] = world().models.map((m, i) => ({ ...m, aaCodingIndex: i }));
    models.push(
      fakeOr({ modelId: 'openrouter/pareto-code', tokenizer: 'Router', variablePrice: true, promptPricePerM: null, aaCodingIndex: 99 }),
    );
    models.push(fakeOr({ modelId: 'acme/m20:free', aaCodingIndex: 20 }));
    const { content } = buildShortlistContent({ ...world({ models }), aaRows: null });
    expect(content.field).toMatchObject({ source: 'openrouter-benchmarks', size: 21, indexVersion: null });
    expect(ids(content, 'high')).toEqual(['acme/m20@default', 'acme/m19@default']);
    expect(content.tiers.high.entries[0]).toMatchObject({ aaId: null, match: 'openrouter-benchmarks', effort: null });
  });

  it('leaves a tier empty when nothing reaches it (publish refuses that, not the builder)', () => {
    const rows = world().aaRows!.slice(0, 1);
    const { content } = buildShortlistContent(world({ rows }));
    expect(ids(content, 'high')).toEqual(['acme/m0@default']);
    expect(ids(content, 'medium')).toEqual([]);
  });
});
