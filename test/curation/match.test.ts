import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { EMPTY_CURATION, type CurationFile } from '../../src/curation/curation-file.js';
import {
  effortFor,
  exclusionOf,
  indexAgreement,
  matchAaRows,
  readEffortMarkers,
  type MatchResult,
} from '../../src/curation/match/index.js';
import { datesAgree, looseKey, looseParts, normalForm, snapshotTags, tokenSignature } from '../../src/curation/match/name-keys.js';
import type { AaModelRecord, OpenRouterModelRecord } from '../../src/sources/types.js';
import { packageRoot } from '../../src/util/package-root.js';
import { codingPercentiles, fakeAa, fakeOr, loadAaRecords, loadOrRecords } from '../support/match-records.js';
import { loadCurationFile, loadEffortVocabularies } from '../../src/pipeline/curation-files.js';

const CURATION_PATH = path.join(packageRoot(), 'data', 'curation.json');
/** The checked-in effort vocabularies, as production matching reads them. */
const VOCABULARIES = {
  effortVocabularies: loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json')).vocabularies,
};

type Row = readonly [slug: string, status: MatchResult['status'], model: string | null, effort: string | null];

function bySlug(results: readonly MatchResult[], slug: string): MatchResult {
  const found = results.find((result) => result.aaSlug === slug);
  if (!found) throw new Error(`no AA row with slug ${slug}`);
  return found;
}

function expectRows(results: readonly MatchResult[], rows: readonly Row[]): void {
  for (const [slug, status, model, effort] of rows) {
    const result = bySlug(results, slug);
    expect({ slug, status: result.status, model: result.model, effort: result.effort }, result.reason).toEqual({
      slug,
      status,
      model,
      effort,
    });
  }
}

describe('effort markers', () => {
  it.each([
    // slug, name, slugBase, level, reasoning
    ['gpt-5-5', 'GPT-5.5 (xhigh)', 'gpt-5-5', 'xhigh', null],
    ['gpt-5-5-high', 'GPT-5.5 (high)', 'gpt-5-5', 'high', null],
    ['gpt-5-5-non-reasoning', 'GPT-5.5 (Non-reasoning)', 'gpt-5-5', null, 'off'],
    ['gpt-5-4-mini-non-reasoning', 'GPT-5.4 mini (Non-Reasoning)', 'gpt-5-4-mini', null, 'off'],
    ['claude-opus-5', 'Claude Opus 5 (Adaptive Reasoning, Max Effort)', 'claude-opus-5', 'max', 'on'],
    ['claude-opus-5-xhigh', 'Claude Opus 5 (Adaptive Reasoning, Xhigh Effort)', 'claude-opus-5', 'xhigh', 'on'],
    ['claude-fable-5', 'Claude Fable 5 (Adaptive Reasoning, Max Effort, Opus 4.8 Fallback)', 'claude-fable-5', 'max', 'on'],
    ['claude-opus-4-6-adaptive', 'Claude Opus 4.6 (Adaptive Reasoning, Max Effort)', 'claude-opus-4-6', 'max', 'on'],
    ['claude-opus-4-6', 'Claude Opus 4.6 (Non-reasoning, High Effort)', 'claude-opus-4-6', null, 'off'],
    ['claude-sonnet-4-6-non-reasoning-low-effort', 'Claude Sonnet 4.6 (Non-reasoning, Low Effort)', 'claude-sonnet-4-6', null, 'off'],
    ['claude-4-sonnet-thinking', 'Claude 4 Sonnet (Reasoning)', 'claude-4-sonnet', null, 'on'],
    ['deepseek-v4-pro-0424-high', 'DeepSeek V4 Pro (Reasoning, High Effort)', 'deepseek-v4-pro-0424', 'high', 'on'],
    ['deepseek-v3-2-reasoning-0925', 'DeepSeek V3.2 Exp (Reasoning)', 'deepseek-v3-2-0925', null, 'on'],
    ['gemini-2-5-flash-reasoning-04-2025', 'Gemini 2.5 Flash Preview (Reasoning)', 'gemini-2-5-flash-04-2025', null, 'on'],
    ['nova-2-0-lite-reasoning-low', 'Nova 2.0 Lite (low)', 'nova-2-0-lite', 'low', 'on'],
    ['grok-3-mini-reasoning', 'Grok 3 mini Reasoning (high)', 'grok-3-mini', 'high', 'on'],
    ['o3-mini-high', 'o3-mini (high)', 'o3-mini', 'high', null],
    // Suffix words that are part of the model's name, not a configuration:
    ['kimi-k2-thinking', 'Kimi K2 Thinking', 'kimi-k2-thinking', null, null],
    ['qwen3-max', 'Qwen3 Max', 'qwen3-max', null, null],
    ['qwen3-max-thinking', 'Qwen3 Max Thinking', 'qwen3-max-thinking', null, null],
    ['kimi-k2-6', 'Kimi K2.6', 'kimi-k2-6', null, null],
  ] as const)('%s "%s"', (slug, name, slugBase, level, reasoning) => {
    const markers = readEffortMarkers(slug, name);
    expect({ slugBase: markers.slugBase, level: markers.level, reasoning: markers.reasoning, conflict: markers.conflict }).toEqual({
      slugBase,
      level,
      reasoning,
      conflict: null,
    });
  });

  it('keeps non-effort parentheticals in the name key and spells out "+"', () => {
    expect(readEffortMarkers('claude-35-sonnet-june-24', "Claude 3.5 Sonnet (June '24)").nameBase).toBe('claude-3-5-sonnet-june-24');
    expect(readEffortMarkers('gemini-3-flash', 'Gemini 3 Flash Preview (Non-reasoning)').nameBase).toBe('gemini-3-flash-preview');
    expect(readEffortMarkers('command-a-plus', 'Command A+').nameBase).toBe('command-a-plus');
    expect(readEffortMarkers('solar-pro-2-preview', 'Solar Pro 2 (Preview) (Non-reasoning)').nameBase).toBe('solar-pro-2-preview');
  });

  it('reports a slug and a name that disagree instead of picking one', () => {
    expect(readEffortMarkers('acme-1-low', 'Acme 1 (high)').conflict).toMatch(/slug says low but the name says high/);
    expect(readEffortMarkers('acme-1-non-reasoning', 'Acme 1 (Reasoning)').conflict).toMatch(/non-reasoning/);
  });
});

describe('effort on a model', () => {
  const model = (supportedEfforts: string[] | null, defaultEffort: string | null = null, reasoningMandatory: boolean | null = null) => ({
    supportedEfforts,
    defaultEffort,
    reasoningMandatory,
  });
  const markers = (slug: string, name: string) => readEffortMarkers(slug, name);

  it.each([
    [
      'an offered level',
      markers('gpt-5-5', 'GPT-5.5 (xhigh)'),
      model(['xhigh', 'high', 'medium', 'low', 'none'], 'medium'),
      { ok: true, effort: 'xhigh' },
    ],
    ['a level not offered', markers('glm-5-2', 'GLM-5.2 (max)'), model(['xhigh', 'high'], 'high'), { ok: false, effort: 'max' }],
    ['a level without an effort list', markers('o4-mini', 'o4-mini (high)'), model(null), { ok: true, effort: 'high' }],
    [
      'non-reasoning where none is offered',
      markers('gpt-5-5-non-reasoning', 'GPT-5.5 (Non-reasoning)'),
      model(['high', 'none']),
      { ok: true, effort: 'none' },
    ],
    [
      'non-reasoning where none is not offered',
      markers('claude-sonnet-5-non-reasoning', 'Claude Sonnet 5 (Non-reasoning, High Effort)'),
      model(['max', 'high']),
      { ok: false, effort: 'none' },
    ],
    [
      'non-reasoning without an effort list',
      markers('kimi-k2-5-non-reasoning', 'Kimi K2.5 (Non-reasoning)'),
      model(null),
      { ok: true, effort: 'none' },
    ],
    [
      'reasoning without a level, default reasons',
      markers('x', 'X (Reasoning)'),
      model(['high', 'medium'], 'high'),
      { ok: true, effort: null },
    ],
    [
      'reasoning without a level, default is none',
      markers('x', 'X (Reasoning)'),
      model(['high', 'none'], 'none'),
      { ok: false, effort: null },
    ],
    ['reasoning without a level, no effort list', markers('x', 'X (Reasoning)'), model(null), { ok: true, effort: null }],
    ['no marker', markers('qwen3-8-max', 'Qwen3.8 Max'), model(['xhigh', 'high'], 'xhigh'), { ok: true, effort: null }],
  ] as const)('%s', (_label, rowMarkers, onModel, expected) => {
    expect(effortFor(rowMarkers, onModel)).toMatchObject(expected);
  });

  it('says in the note when the default may not reason', () => {
    const outcome = effortFor(readEffortMarkers('glm-5-1', 'GLM-5.1 (Reasoning)'), model(null));
    expect(outcome.ok && outcome.note).toMatch(/may not reason/);
  });
});

describe('normal form', () => {
  it('unifies separators and case, keeps numbers apart', () => {
    expect(normalForm('GPT-5.5 Pro')).toBe('gpt-5-5-pro');
    expect(normalForm('qwen3_0.6b')).toBe('qwen3-0-6b');
    expect(normalForm("Gemini 2.5 Pro Preview (Mar' 25)")).toBe('gemini-2-5-pro-preview-mar-25');
  });

  it.each([
    ['claude-4-5-sonnet-20250929', 'claude-4-5-sonnet', '20250929'],
    ['gemini-2-5-flash-lite-preview-09-2025', 'gemini-2-5-flash-lite', '092025'],
    ['deepseek-v4-pro-0424', 'deepseek-v4-pro', '0424'],
    ['devstral-2512', 'devstral', '2512'],
    ['gpt-4o-2024-05-13', 'gpt-4o', '20240513'],
    ['gemma-3-27b-it', 'gemma-3-27b', null],
    ['qwen3-6-max-preview', 'qwen3-6-max', null],
    ['gpt-5-5', 'gpt-5-5', null],
    ['claude-35-sonnet', 'claude-35-sonnet', null],
  ])('loose form of %s', (key, loose, date) => {
    expect(looseParts(key)).toEqual({ key: loose, date });
    expect(looseKey(key)).toBe(loose);
  });

  it('never matches two different dates loosely', () => {
    expect(datesAgree('042024', '082024')).toBe(false);
    expect(datesAgree('20260813', '0813')).toBe(true);
    expect(datesAgree(null, '0424')).toBe(true);
  });

  it('keeps version order in token signatures', () => {
    expect(tokenSignature('claude-4-5-sonnet')).toBe(tokenSignature('claude-sonnet-4-5'));
    expect(tokenSignature('llama-3-1-instruct-70b')).toBe(tokenSignature('llama-3-1-70b-instruct'));
    expect(tokenSignature('gpt-4-5')).not.toBe(tokenSignature('gpt-5-4'));
  });

  it('finds snapshot tags in display names', () => {
    expect(snapshotTags('DeepSeek V4 Pro 0813 (Reasoning, Max Effort)')).toEqual(['0813']);
    expect(snapshotTags('Grok 4.20 0309 v2 (Reasoning)')).toEqual(['0309']);
    expect(snapshotTags('GPT-5.5 Instant (June 2026)')).toEqual([]);
    expect(snapshotTags('Qwen3.8 2.4T A95B')).toEqual([]);
  });
});

describe('matching rules (hand-made catalogues)', () => {
  const acme = (slug: string, name: string, fields: Partial<AaModelRecord> = {}) => fakeAa({ slug, name, ...fields });

  it('excludes routers, variable-price models, :variants and models without text output', () => {
    expect(exclusionOf(fakeOr({ modelId: 'openrouter/auto', tokenizer: 'Router' }))).toMatch(/router/);
    expect(exclusionOf(fakeOr({ modelId: 'acme/thing', variablePrice: true }))).toMatch(/router/);
    expect(exclusionOf(fakeOr({ modelId: 'acme/model-1:free' }))).toMatch(/:free/);
    expect(exclusionOf(fakeOr({ modelId: 'acme/model-1:batch' }))).toMatch(/:batch/);
    expect(exclusionOf(fakeOr({ modelId: 'acme/image-1', outputModalities: ['image'] }))).toMatch(/text/);
    expect(exclusionOf(fakeOr({ modelId: 'acme/model-1' }))).toBeNull();

    const [result] = matchAaRows([acme('model-1', 'Model 1')], [fakeOr({ modelId: 'acme/model-1:free' })], EMPTY_CURATION);
    expect(result).toMatchObject({ status: 'unmatched', model: null });
    expect(result?.reason).toMatch(/acme\/model-1:free \(a :free variant\)/);
  });

  it('requires the same author', () => {
    const [result] = matchAaRows([acme('model-1', 'Model 1')], [fakeOr({ modelId: 'other/model-1' })], EMPTY_CURATION);
    expect(result?.status).toBe('unmatched');
  });

  it('maps creators through the creator table, by slug or by name alone', () => {
    const models = [fakeOr({ modelId: 'moonshotai/kimi-k9' }), fakeOr({ modelId: 'z-ai/glm-9' })];
    const legacy = fakeAa({ slug: 'kimi-k9', name: 'Kimi K9', creatorSlug: 'kimi', creatorName: 'Kimi' });
    const current = fakeAa({ slug: 'glm-9', name: 'GLM-9', creatorSlug: null, creatorName: 'Z AI' });
    expect(matchAaRows([legacy, current], models, EMPTY_CURATION).map((r) => r.model)).toEqual(['moonshotai/kimi-k9', 'z-ai/glm-9']);
  });

  it('proposes, never picks, when several models share the normal form', () => {
    const models = [fakeOr({ modelId: 'acme/model-1-preview' }), fakeOr({ modelId: 'acme/model-1-latest' })];
    const [result] = matchAaRows([acme('model-1', 'Model 1')], models, EMPTY_CURATION);
    expect(result).toMatchObject({ status: 'proposed', model: null, method: 'normal-form' });
    expect(result?.reason).toMatch(/several/);
  });

  it('lets the only model carrying the AA scores win among several, and rejects a contradicted one', () => {
    // AA re-pointed `model-1` to the 0813 snapshot and moved the old one to `model-1-0424`.
    const rows = [
      acme('model-1', 'Model 1 0813 (max)', { codingIndex: 60, intelligenceIndex: 50 }),
      acme('model-1-0424', 'Model 1 (max)', { codingIndex: 40, intelligenceIndex: 30 }),
    ];
    const models = [
      fakeOr({ modelId: 'acme/model-1', aaCodingIndex: 40, aaIntelligenceIndex: 30 }),
      fakeOr({ modelId: 'acme/model-1-0813', aaCodingIndex: 60, aaIntelligenceIndex: 50 }),
    ];
    const results = matchAaRows(rows, models, EMPTY_CURATION);
    expect(results[0]).toMatchObject({ status: 'matched', model: 'acme/model-1-0813', indexCheck: 'confirmed' });
    expect(results[0]?.reason).toMatch(/set aside: OpenRouter's AA coding index for acme\/model-1 is 40/);
    expect(results[1]).toMatchObject({ status: 'matched', model: 'acme/model-1', indexCheck: 'confirmed' });

    // Alone, the contradicted candidate is proposed, never matched.
    const alone = matchAaRows(rows, [models[0] as OpenRouterModelRecord], EMPTY_CURATION);
    expect(alone[0]).toMatchObject({ status: 'proposed', model: 'acme/model-1', indexCheck: 'contradicted' });
  });

  it('only proposes a token match', () => {
    const [result] = matchAaRows([acme('model-9-pro', 'Model 9 Pro')], [fakeOr({ modelId: 'acme/pro-model-9' })], EMPTY_CURATION);
    expect(result).toMatchObject({ status: 'proposed', method: 'token', model: 'acme/pro-model-9' });
  });

  it("ranks AA's openrouter_api_id first (id, then permaslug), then the alias, then the normal form", () => {
    const models = [
      fakeOr({ modelId: 'acme/model-1' }),
      fakeOr({ modelId: 'acme/model-1-pro', canonicalSlug: 'acme/model-1-pro-20260101' }),
    ];
    const curation: CurationFile = {
      ...EMPTY_CURATION,
      aliases: [{ aaSlug: 'model-1', model: 'acme/model-1-pro', effort: null, reason: 'the normal form finds the wrong one' }],
    };
    // The alias fixes what the normal form would get wrong.
    expect(matchAaRows([acme('model-1', 'Model 1')], models, EMPTY_CURATION)[0]?.model).toBe('acme/model-1');
    expect(matchAaRows([acme('model-1', 'Model 1')], models, curation)[0]).toMatchObject({
      model: 'acme/model-1-pro',
      method: 'alias',
      status: 'matched',
    });
    // AA's own id outranks the alias, and is found by permaslug too.
    const withApiId = acme('model-1', 'Model 1', { openrouterApiId: 'acme/model-1' });
    expect(matchAaRows([withApiId], models, curation)[0]).toMatchObject({ model: 'acme/model-1', method: 'openrouter_api_id' });
    const byPermaslug = acme('model-1', 'Model 1', { openrouterApiId: 'acme/model-1-pro-20260101' });
    expect(matchAaRows([byPermaslug], models, EMPTY_CURATION)[0]).toMatchObject({ model: 'acme/model-1-pro', method: 'openrouter_api_id' });
  });

  it('still applies the effort rules to aliases and AA ids', () => {
    const models = [fakeOr({ modelId: 'acme/model-1', supportedEfforts: ['high', 'low'] })];
    const curation: CurationFile = {
      ...EMPTY_CURATION,
      aliases: [{ aaSlug: 'm-1', model: 'acme/model-1', effort: 'max', reason: 'same model' }],
    };
    expect(matchAaRows([acme('m-1', 'M 1')], models, curation)[0]).toMatchObject({ status: 'proposed', effort: 'max', method: 'alias' });
    const apiRow = acme('model-1', 'Model 1 (xhigh)', { openrouterApiId: 'acme/model-1' });
    expect(matchAaRows([apiRow], models, EMPTY_CURATION)[0]).toMatchObject({ status: 'proposed', effort: 'xhigh' });
  });

  it('leaves an alias whose target is not listed unmatched, with the reason', () => {
    const curation: CurationFile = {
      ...EMPTY_CURATION,
      aliases: [{ aaSlug: 'model-1', model: 'acme/gone', effort: null, reason: 'renamed' }],
    };
    const [result] = matchAaRows([acme('model-1', 'Model 1')], [fakeOr({ modelId: 'acme/model-1' })], curation);
    expect(result).toMatchObject({ status: 'unmatched', method: 'alias', model: null });
    expect(result?.reason).toMatch(/acme\/gone is not listed/);
  });

  it('never lets two AA rows become the same entry', () => {
    const rows = [
      acme('model-1', 'Model 1 (Non-reasoning, High Effort)'),
      acme('model-1-non-reasoning-low-effort', 'Model 1 (Non-reasoning, Low Effort)'),
    ];
    const results = matchAaRows(rows, [fakeOr({ modelId: 'acme/model-1' })], EMPTY_CURATION);
    expect(results.map((r) => r.status)).toEqual(['proposed', 'proposed']);
    expect(results[0]?.reason).toMatch(/all map to acme\/model-1 at effort none/);
  });

  it('gives one OpenRouter model to one AA model: the strict match wins over a loose one', () => {
    const rows = [acme('model-1', 'Model 1'), acme('model-1-0924', 'Model 1 (Sep)')];
    const results = matchAaRows(rows, [fakeOr({ modelId: 'acme/model-1' })], EMPTY_CURATION);
    expect(results.map((r) => [r.status, r.model])).toEqual([
      ['matched', 'acme/model-1'],
      ['proposed', 'acme/model-1'],
    ]);
  });

  it('rejects a thinking/instruct split and a missing snapshot tag', () => {
    const instruct = fakeOr({ modelId: 'acme/model-2507', name: 'Acme: Model 2507 Instruct' });
    expect(matchAaRows([acme('model-2507-reasoning', 'Model 2507 (Reasoning)')], [instruct], EMPTY_CURATION)[0]?.status).toBe('proposed');
    const old = fakeOr({ modelId: 'acme/model-1', canonicalSlug: 'acme/model-1-20260423' });
    expect(matchAaRows([acme('model-1', 'Model 1 0813')], [old], EMPTY_CURATION)[0]).toMatchObject({
      status: 'proposed',
      model: 'acme/model-1',
    });
  });

  it('never maps claude-35-sonnet to the June snapshot, nor June to October, without an alias', () => {
    const anthropic = { creatorSlug: 'anthropic', creatorName: 'Anthropic' };
    const rows = [
      fakeAa({ slug: 'claude-35-sonnet', name: "Claude 3.5 Sonnet (Oct '24)", ...anthropic }),
      fakeAa({ slug: 'claude-35-sonnet-june-24', name: "Claude 3.5 Sonnet (June '24)", ...anthropic }),
    ];
    const models = [fakeOr({ modelId: 'anthropic/claude-3.5-sonnet' }), fakeOr({ modelId: 'anthropic/claude-3.5-sonnet-20240620' })];
    for (const result of matchAaRows(rows, models, EMPTY_CURATION)) expect(result.status).toBe('unmatched');
  });
});

describe('real captures: AA 2026-08-21 (legacy) × OpenRouter 2026-08-22', () => {
  let aa: AaModelRecord[];
  let models: OpenRouterModelRecord[];
  let curation: CurationFile;
  let results: MatchResult[];

  beforeAll(() => {
    aa = loadAaRecords('aa_llms_models_2026-08-21');
    models = loadOrRecords('or_models_2026-08-22_wrapped');
    curation = loadCurationFile(CURATION_PATH);
    results = matchAaRows(aa, models, curation, VOCABULARIES);
  });

  it('returns one result per row, in input order', () => {
    expect(results.map((r) => r.aaId)).toEqual(aa.map((row) => row.aaId));
  });

  it('matches the APIS §4.2 pairs that occur in the captures (or proposes them, with the reason)', () => {
    expectRows(results, [
      ['claude-4-sonnet', 'matched', 'anthropic/claude-sonnet-4', 'none'],
      ['claude-4-sonnet-thinking', 'matched', 'anthropic/claude-sonnet-4', null],
      ['claude-4-5-sonnet-thinking', 'matched', 'anthropic/claude-sonnet-4.5', null],
      ['claude-opus-4-6-adaptive', 'matched', 'anthropic/claude-opus-4.6', 'max'],
      // Anthropic's efforts on OpenRouter have no "none", but Opus 4.6's default does not reason
      // (default_enabled false): the non-reasoning row is the default request.
      ['claude-opus-4-6', 'matched', 'anthropic/claude-opus-4.6', null],
      ['claude-sonnet-4-6-non-reasoning-low-effort', 'proposed', 'anthropic/claude-sonnet-4.6', 'none'],
      ['claude-35-sonnet', 'unmatched', null, null],
      ['claude-35-sonnet-june-24', 'unmatched', null, null],
      ['claude-21', 'unmatched', null, null],
      // The bare slug is the xhigh configuration, not the default.
      ['gpt-5-5', 'matched', 'openai/gpt-5.5', 'xhigh'],
      ['gpt-5-5-high', 'matched', 'openai/gpt-5.5', 'high'],
      ['gpt-5-5-medium', 'matched', 'openai/gpt-5.5', 'medium'],
      ['gpt-5-5-low', 'matched', 'openai/gpt-5.5', 'low'],
      ['gpt-5-5-non-reasoning', 'matched', 'openai/gpt-5.5', 'none'],
      ['gpt-5-6-sol', 'matched', 'openai/gpt-5.6-sol', 'max'],
      ['gpt-5-6-sol-xhigh', 'matched', 'openai/gpt-5.6-sol', 'xhigh'],
      ['gemini-3-flash', 'proposed', 'google/gemini-3-flash-preview', 'none'],
      ['gemini-3-flash-reasoning', 'matched', 'google/gemini-3-flash-preview', null],
      ['gemini-3-1-pro-preview', 'matched', 'google/gemini-3.1-pro-preview', null],
      ['gemini-3-pro', 'unmatched', null, null],
      ['gemini-3-pro-low', 'unmatched', null, null],
      ['qwen3-coder-480b-a35b-instruct', 'matched', 'qwen/qwen3-coder', null],
      // Not listed on 2026-08-22: the alias points at an id that is gone.
      ['devstral-2', 'unmatched', null, null],
      ['llama-3-1-instruct-70b', 'matched', 'meta-llama/llama-3.1-70b-instruct', null],
      ['kimi-k2-5', 'matched', 'moonshotai/kimi-k2.5', null],
      ['kimi-k2-5-non-reasoning', 'matched', 'moonshotai/kimi-k2.5', 'none'],
      // OpenRouter offers GLM-5.2 only at xhigh and high; its xhigh is Z.ai's max (effort vocabularies).
      ['glm-5-2', 'matched', 'z-ai/glm-5.2', 'xhigh'],
      // "(Reasoning)" without a level, but a default request to Grok 4.20 does not reason.
      ['grok-4-20', 'proposed', 'x-ai/grok-4.20', null],
      ['grok-4-20-non-reasoning', 'matched', 'x-ai/grok-4.20', 'none'],
      // A default request to V3.2 does not reason (default_enabled false): not the "(Reasoning)" row.
      ['deepseek-v3-2-reasoning', 'proposed', 'deepseek/deepseek-v3.2', null],
      ['deepseek-v3-2', 'matched', 'deepseek/deepseek-v3.2', 'none'],
      // The bare slug now means the 0813 snapshot; the old one moved to -0424.
      ['deepseek-v4-pro', 'matched', 'deepseek/deepseek-v4-pro-0813', 'max'],
      // DeepSeek's max is OpenRouter's xhigh on V4 (effort vocabularies).
      ['deepseek-v4-pro-0424', 'matched', 'deepseek/deepseek-v4-pro', 'xhigh'],
      ['deepseek-v4-pro-0424-high', 'matched', 'deepseek/deepseek-v4-pro', 'high'],
      ['deepseek-v4-flash', 'matched', 'deepseek/deepseek-v4-flash-0731', 'max'],
      ['nvidia-nemotron-3-super-120b-a12b', 'matched', 'nvidia/nemotron-3-super-120b-a12b', null],
      ['minimax-m2-5', 'matched', 'minimax/minimax-m2.5', null],
    ]);
  });

  it('makes none of the known wrong matches', () => {
    const forbidden: readonly (readonly [string, string])[] = [
      ['claude-35-sonnet', 'anthropic/claude-3.5-sonnet-20240620'],
      ['gemini-3-pro', 'google/gemini-3-pro-image'],
      ['gemini-3-pro', 'google/gemini-3-pro-image-preview'],
      ['deepseek-v4-pro', 'deepseek/deepseek-v4-pro'],
      ['deepseek-v4-flash', 'deepseek/deepseek-v4-flash'],
      ['deepseek-v4-pro-0424', 'deepseek/deepseek-v4-pro-0813'],
      ['gpt-5-5-pro', 'openai/gpt-5.5'],
      ['kimi-k2-thinking', 'moonshotai/kimi-k2'],
      ['qwen3-max', 'qwen/qwen3'],
      ['command-a-plus', 'cohere/command-a'],
      ['command-r-plus-04-2024', 'cohere/command-r-plus-08-2024'],
      ['command-r-03-2024', 'cohere/command-r-08-2024'],
      ['granite-4-0-micro', 'ibm-granite/granite-4.0-h-micro'],
      ['o1-preview', 'openai/o1'],
      ['step-3-5-flash', 'stepfun/step-3.5-flash'],
      ['deepseek-r1', 'deepseek/deepseek-r1'],
      ['gemini-2-5-pro-03-25', 'google/gemini-2.5-pro'],
      ['gpt-4-5', 'openai/gpt-5.4'],
    ];
    for (const [slug, wrong] of forbidden) {
      const result = bySlug(results, slug);
      expect(result.status === 'matched' && result.model === wrong, `${slug} → ${wrong}: ${result.reason}`).toBe(false);
    }
    // Without the alias, the 2507 reasoning row must not land on the Instruct model either.
    const bare = matchAaRows(aa, models, EMPTY_CURATION);
    expect(bySlug(bare, 'qwen3-235b-a22b-instruct-2507-reasoning').status).not.toBe('matched');
  });

  it('keeps the invariants: listed targets, offered efforts, one row per entry, no contradicted normal form', () => {
    const byId = new Map(models.map((model) => [model.modelId, model]));
    const entries = new Set<string>();
    for (const result of results.filter((r) => r.status === 'matched')) {
      const model = byId.get(result.model as string);
      expect(model, result.aaSlug).toBeDefined();
      expect(exclusionOf(model as OpenRouterModelRecord), result.aaSlug).toBeNull();
      const efforts = (model as OpenRouterModelRecord).supportedEfforts;
      if (efforts !== null && result.effort !== null) expect(efforts, result.aaSlug).toContain(result.effort);
      const entry = `${result.model}@${result.effort}`;
      expect(entries.has(entry), `${entry} twice`).toBe(false);
      entries.add(entry);
      if (result.method === 'normal-form') expect(result.indexCheck, result.aaSlug).not.toBe('contradicted');
    }
    for (const result of results.filter((r) => r.status === 'unmatched')) expect(result.effort).toBeNull();
  });

  it('matches at least 95% of the listed rows at coding percentile ≥ 50', () => {
    const percentile = codingPercentiles(aa);
    const strong = results.filter((result) => (percentile.get(result.aaId) ?? -1) >= 50);
    // "Listed" by the best evidence: matched, or proposed (a candidate was found on OpenRouter).
    const listed = strong.filter((r) => r.status !== 'unmatched');
    const matched = listed.filter((r) => r.status === 'matched');
    // Rows whose model is listed but whose configuration is not offered (an effort OpenRouter
    // does not list for the model): correct to leave unmatched, and not something a better
    // matcher could fix.
    const notOffered = listed.filter(
      (r) => r.status === 'proposed' && / is not among OpenRouter's efforts|but OpenRouter offers only efforts/.test(r.reason),
    );
    const offered = listed.length - notOffered.length;
    const line = (r: MatchResult) =>
      `  ${String(percentile.get(r.aaId)).padStart(3)}  ${r.status.padEnd(9)} ${r.aaSlug} (${r.aaName})${r.model ? ` → ${r.model}@${r.effort ?? 'default'}` : ''}\n        ${r.reason}`;
    console.log(
      [
        `AA 2026-08-21 rows at coding percentile ≥ 50: ${strong.length}; listed on OpenRouter 2026-08-22: ${listed.length}`,
        `matched ${matched.length}/${listed.length} = ${((100 * matched.length) / listed.length).toFixed(1)}% of listed rows`,
        `matched ${matched.length}/${offered} = ${((100 * matched.length) / offered).toFixed(1)}% of listed rows whose effort OpenRouter offers`,
        'proposed:',
        ...listed.filter((r) => r.status === 'proposed').map(line),
        'unmatched (no evidence the model is on OpenRouter):',
        ...strong.filter((r) => r.status === 'unmatched').map(line),
      ].join('\n'),
    );
    expect(matched.length / offered).toBeGreaterThanOrEqual(0.95);
    expect(matched.length / listed.length).toBeGreaterThanOrEqual(0.9);
  });

  it("measures the cross-check against OpenRouter's republished AA indices", () => {
    expect(indexAgreement(aa, models)).toMatchObject({ comparable: true });
    const without = matchAaRows(aa, models, curation, { ...VOCABULARIES, indexCrossCheck: false });
    const changed = results.filter((r, i) => r.status !== without[i]?.status || r.model !== without[i]?.model);
    const rejected = results.filter((r) => /OpenRouter's AA coding index for/.test(r.reason));
    const matched = results.filter((r) => r.status === 'matched');
    console.log(
      [
        `index check on matched rows: ${matched.filter((r) => r.indexCheck === 'confirmed').length} confirmed, ${matched.filter((r) => r.indexCheck === 'unverifiable').length} unverifiable, ${matched.filter((r) => r.indexCheck === 'contradicted').length} contradicted (possible only for aliases and AA ids)`,
        `rows where a candidate was rejected as contradicted: ${rejected.length}`,
        ...rejected.map((r) => `  ${r.aaSlug}: ${r.status} ${r.model ?? '-'} — ${r.reason}`),
        `results that change when the check is off: ${changed.length}`,
        ...changed.map(
          (r) =>
            `  ${r.aaSlug}: with ${r.status} ${r.model}; without ${without[results.indexOf(r)]?.status} ${without[results.indexOf(r)]?.model}`,
        ),
      ].join('\n'),
    );
    // The wrong candidates it catches: the old DeepSeek V4 snapshots for the re-pointed slugs,
    // o1 for o1-preview, the GA Gemini 2.5 Pro for the March preview.
    expect(rejected.map((r) => r.aaSlug).sort()).toEqual(['deepseek-v4-flash', 'deepseek-v4-pro', 'gemini-2-5-pro-03-25', 'o1-preview']);
    for (const slug of ['deepseek-v4-flash', 'deepseek-v4-pro']) expect(bySlug(results, slug).indexCheck).toBe('confirmed');
    // Without it nothing is matched that it would reject: it only adds confirmations here.
    for (const r of without.filter((w) => w.status === 'matched' && w.method === 'normal-form')) {
      expect(results.find((x) => x.aaId === r.aaId)?.indexCheck, r.aaSlug).not.toBe('contradicted');
    }
  });
});

describe('real captures: other dates', () => {
  it('AA 2026-07-22 × OpenRouter 2026-07-22: the same pairs, before the DeepSeek slugs moved', () => {
    const aa = loadAaRecords('aa_llms_models_2026-07-22');
    const results = matchAaRows(aa, loadOrRecords('or_models_2026-07-22_wrapped'), loadCurationFile(CURATION_PATH), VOCABULARIES);
    expectRows(results, [
      ['claude-4-sonnet-thinking', 'matched', 'anthropic/claude-sonnet-4', null],
      ['claude-4-5-sonnet-thinking', 'matched', 'anthropic/claude-sonnet-4.5', null],
      ['gpt-5-5', 'matched', 'openai/gpt-5.5', 'xhigh'],
      ['gpt-5-5-non-reasoning', 'matched', 'openai/gpt-5.5', 'none'],
      ['gemini-3-flash-reasoning', 'matched', 'google/gemini-3-flash-preview', null],
      ['gemini-3-pro', 'unmatched', null, null],
      ['qwen3-coder-480b-a35b-instruct', 'matched', 'qwen/qwen3-coder', null],
      // Listed on 2026-07-22.
      ['devstral-2', 'matched', 'mistralai/devstral-2512', null],
      ['kimi-k2-5', 'matched', 'moonshotai/kimi-k2.5', null],
      ['glm-5-2', 'matched', 'z-ai/glm-5.2', 'xhigh'],
      ['grok-4-20', 'proposed', 'x-ai/grok-4.20', null],
      ['deepseek-v4-pro', 'matched', 'deepseek/deepseek-v4-pro', 'xhigh'],
      ['deepseek-v4-pro-high', 'matched', 'deepseek/deepseek-v4-pro', 'high'],
      ['minimax-m2-5', 'matched', 'minimax/minimax-m2.5', null],
    ]);
  });

  it('keys on the AA id: the re-pointed slug changes model, the row does not', () => {
    const curation = loadCurationFile(CURATION_PATH);
    const july = matchAaRows(loadAaRecords('aa_llms_models_2026-07-22'), loadOrRecords('or_models_2026-07-22_wrapped'), curation);
    const august = matchAaRows(loadAaRecords('aa_llms_models_2026-08-21'), loadOrRecords('or_models_2026-08-22_wrapped'), curation);
    const oldHigh = bySlug(july, 'deepseek-v4-pro-high');
    const sameRow = august.find((r) => r.aaId === oldHigh.aaId);
    expect(sameRow?.aaSlug).toBe('deepseek-v4-pro-0424-high');
    expect([oldHigh.model, sameRow?.model]).toEqual(['deepseek/deepseek-v4-pro', 'deepseek/deepseek-v4-pro']);
    expect(bySlug(august, 'deepseek-v4-pro').model).toBe('deepseek/deepseek-v4-pro-0813');
  });

  it('does not use the indices of a snapshot from another AA scoring, and still matches no wrong snapshot', () => {
    const aa = loadAaRecords('aa_llms_models_2026-08-21');
    const july = loadOrRecords('or_models_2026-07-22_wrapped');
    const agreement = indexAgreement(aa, july);
    console.log(`AA 2026-08-21 vs OpenRouter 2026-07-22 indices: ${agreement.agreeing}/${agreement.checked} agree`);
    expect(agreement.comparable).toBe(false);
    const results = matchAaRows(aa, july, loadCurationFile(CURATION_PATH));
    expect(results.every((r) => r.indexCheck !== 'contradicted' && r.indexCheck !== 'confirmed')).toBe(true);
    // OpenRouter 2026-07-22 has only the old DeepSeek V4 Pro; AA's bare slug is the 0813 one now.
    expect(bySlug(results, 'deepseek-v4-pro').status).not.toBe('matched');
    expect(bySlug(results, 'gpt-5-5')).toMatchObject({ status: 'matched', model: 'openai/gpt-5.5', effort: 'xhigh' });
  });

  it('reads the current API shape, which names creators only by display name', () => {
    const aa = loadAaRecords('aa_language_models_free_page1_2026-06-27');
    expect(aa.every((row) => row.creatorSlug === null)).toBe(true);
    const results = matchAaRows(aa, loadOrRecords('or_models_2026-07-22_wrapped'), loadCurationFile(CURATION_PATH));
    expectRows(results, [
      ['gpt-5-5', 'matched', 'openai/gpt-5.5', 'xhigh'],
      ['kimi-k2-6', 'matched', 'moonshotai/kimi-k2.6', null],
      ['glm-4-5v', 'matched', 'z-ai/glm-4.5v', 'none'],
      ['mimo-v2-5-pro', 'matched', 'xiaomi/mimo-v2.5-pro', null],
    ]);
  });
});
