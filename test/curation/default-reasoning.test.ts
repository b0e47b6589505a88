import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effortFor, matchAaRows, readEffortMarkers, type MatchResult } from '../../src/curation/match/index.js';
import { packageRoot } from '../../src/util/package-root.js';
import { loadAaRecords, loadOrRecords } from '../support/match-records.js';
import { loadCurationFile, loadEffortVocabularies } from '../../src/pipeline/curation-files.js';

/**
 * What a request without reasoning settings does (OpenRouter's `reasoning.default_enabled`) on
 * the real 2026-08-22 list, against AA 2026-08-21: which rows become the model's default.
 */
const results = matchAaRows(
  loadAaRecords('aa_llms_models_2026-08-21'),
  loadOrRecords('or_models_2026-08-22_wrapped'),
  loadCurationFile(path.join(packageRoot(), 'data', 'curation.json')),
  { effortVocabularies: loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json')).vocabularies },
);

function row(slug: string): MatchResult {
  const found = results.find((r) => r.aaSlug === slug);
  if (!found) throw new Error(`no AA row ${slug}`);
  return found;
}

describe('default reasoning on the real captures', () => {
  it.each([
    // "(Non-reasoning)" where OpenRouter lists no effort none:
    [
      'claude-opus-4-6',
      'Claude Opus 4.6 (Non-reasoning, High Effort)',
      'matched',
      'anthropic/claude-opus-4.6',
      null,
      /default does not reason \(default_enabled false\)/,
    ],
    [
      'claude-opus-4-7-non-reasoning',
      'Claude Opus 4.7 (Non-reasoning, High Effort)',
      'matched',
      'anthropic/claude-opus-4.7',
      null,
      /default does not reason/,
    ],
    [
      'claude-sonnet-5-non-reasoning',
      'Claude Sonnet 5 (Non-reasoning, High Effort)',
      'proposed',
      'anthropic/claude-sonnet-5',
      'none',
      /and its default reasons/,
    ],
    ['glm-5-2-non-reasoning', 'GLM-5.2 (Non-reasoning)', 'proposed', 'z-ai/glm-5.2', 'none', /and its default reasons/],
    // default_enabled not said: no evidence the default is non-reasoning, so no match.
    [
      'deepseek-v4-pro-0424-non-reasoning',
      'DeepSeek V4 Pro (Non-reasoning)',
      'proposed',
      'deepseek/deepseek-v4-pro',
      'none',
      /offers only efforts xhigh, high$/,
    ],
    // "(Reasoning)" without a level:
    [
      'grok-4-20',
      'Grok 4.20 0309 v2 (Reasoning)',
      'proposed',
      'x-ai/grok-4.20',
      null,
      /OpenRouter's default does not reason \(default_enabled false\)/,
    ],
    ['deepseek-v3-2-reasoning', 'DeepSeek V3.2 (Reasoning)', 'proposed', 'deepseek/deepseek-v3.2', null, /default does not reason/],
    ['kimi-k2-5', 'Kimi K2.5 (Reasoning)', 'matched', 'moonshotai/kimi-k2.5', null, /the model default, which reasons \(default_enabled\)/],
    [
      'gemini-3-flash-reasoning',
      'Gemini 3 Flash Preview (Reasoning)',
      'matched',
      'google/gemini-3-flash-preview',
      null,
      /OpenRouter does not say whether it reasons by default/,
    ],
    [
      'claude-4-5-sonnet-thinking',
      'Claude 4.5 Sonnet (Reasoning)',
      'matched',
      'anthropic/claude-sonnet-4.5',
      null,
      /may not reason \(OpenRouter does not say\)/,
    ],
  ] as const)('%s "%s" → %s %s at %s', (slug, name, status, model, effort, why) => {
    const result = row(slug);
    expect(result.aaName).toBe(name);
    expect({ status: result.status, model: result.model, effort: result.effort }, result.reason).toEqual({ status, model, effort });
    expect(result.reason).toMatch(why);
  });

  it('treats mandatory reasoning and default effort none as what the default does', () => {
    const reasoning = readEffortMarkers('x', 'X (Reasoning)');
    const nonReasoning = readEffortMarkers('x-non-reasoning', 'X (Non-reasoning)');
    expect(
      effortFor(reasoning, { supportedEfforts: null, defaultEffort: null, reasoningMandatory: true, reasoningDefaultEnabled: false }),
    ).toMatchObject({ ok: true, effort: null });
    expect(
      effortFor(reasoning, {
        supportedEfforts: ['high', 'none'],
        defaultEffort: 'none',
        reasoningMandatory: false,
        reasoningDefaultEnabled: null,
      }),
    ).toMatchObject({ ok: false });
    expect(
      effortFor(nonReasoning, {
        supportedEfforts: ['high'],
        defaultEffort: 'high',
        reasoningMandatory: true,
        reasoningDefaultEnabled: false,
      }),
    ).toMatchObject({ ok: false, effort: 'none' });
  });
});
