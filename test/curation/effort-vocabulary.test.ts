import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CURATION } from '../../src/curation/curation-file.js';
import { parseEffortVocabularies, type EffortVocabularyRow } from '../../src/curation/effort-vocabulary-file.js';
import { EFFORTS, matchAaRows, type MatchResult } from '../../src/curation/match/index.js';
import { isParetoError, ParetoError } from '../../src/errors.js';
import { packageRoot } from '../../src/util/package-root.js';
import { fakeAa, fakeOr, loadAaRecords, loadOrRecords, type AaCapture, type OrCapture } from '../support/match-records.js';
import { loadCurationFile, loadEffortVocabularies } from '../../src/pipeline/curation-files.js';

const FILE = path.join(packageRoot(), 'data', 'effort-vocabularies.json');
const vocabularies = loadEffortVocabularies(FILE).vocabularies;
const curation = loadCurationFile(path.join(packageRoot(), 'data', 'curation.json'));
const PAIRS = {
  august: ['aa_llms_models_2026-08-21', 'or_models_2026-08-22_wrapped'],
  july: ['aa_llms_models_2026-07-22', 'or_models_2026-07-22_wrapped'],
} as const;

function matched(pair: keyof typeof PAIRS, vocab: readonly EffortVocabularyRow[] = vocabularies): MatchResult[] {
  const [aa, or] = PAIRS[pair] as readonly [AaCapture, OrCapture];
  return matchAaRows(loadAaRecords(aa), loadOrRecords(or), curation, { effortVocabularies: vocab });
}

function row(results: readonly MatchResult[], slug: string): MatchResult {
  const found = results.find((r) => r.aaSlug === slug);
  if (!found) throw new Error(`no AA row ${slug}`);
  return found;
}

function problemsOf(text: string): string {
  try {
    parseEffortVocabularies(text, 'data/effort-vocabularies.json');
  } catch (error) {
    expect(isParetoError(error, 'config'), String(error)).toBe(true);
    return (error as ParetoError).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('the checked-in effort vocabularies', () => {
  it('is valid, cites a source for every row, and agrees with its JSON Schema', () => {
    expect(vocabularies.length).toBeGreaterThan(0);
    for (const v of vocabularies) expect(v.source, v.family).toMatch(/^https:\/\//);
    const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'data', 'effort-vocabularies.schema.json'), 'utf8'));
    expect(schema.$defs.vocabulary.properties.openrouter.enum).toEqual([...EFFORTS]);
    expect(schema.$defs.vocabulary.properties.native.enum).toEqual(EFFORTS.filter((e) => e !== 'none'));
    expect(schema.properties.version.const).toBe(1);
  });

  // Every mapping row, on the real captures: the AA row, the OpenRouter model, the entry.
  it.each([
    ['august', 'deepseek-v4-pro-0424', 'DeepSeek V4 Pro (Reasoning, Max Effort)', 'deepseek/deepseek-v4-pro', 'xhigh'],
    ['august', 'deepseek-v4-flash-0420', 'DeepSeek V4 Flash (Reasoning, Max Effort)', 'deepseek/deepseek-v4-flash', 'xhigh'],
    ['august', 'glm-5-2', 'GLM-5.2 (max)', 'z-ai/glm-5.2', 'xhigh'],
    ['july', 'deepseek-v4-pro', 'DeepSeek V4 Pro (Reasoning, Max Effort)', 'deepseek/deepseek-v4-pro', 'xhigh'],
    ['july', 'deepseek-v4-flash', 'DeepSeek V4 Flash (Reasoning, Max Effort)', 'deepseek/deepseek-v4-flash', 'xhigh'],
    ['july', 'glm-5-2', 'GLM-5.2 (max)', 'z-ai/glm-5.2', 'xhigh'],
  ] as const)('%s: %s "%s" → %s at %s', (pair, slug, name, model, effort) => {
    const result = row(matched(pair), slug);
    expect(result.aaName).toBe(name);
    expect({ status: result.status, model: result.model, effort: result.effort, method: result.method }, result.reason).toEqual({
      status: 'matched',
      model,
      effort,
      method: 'effort-vocabulary',
    });
    expect(result.foundBy).toBe('normal-form');
    expect(result.reason).toMatch(/effort vocabulary: .* max is OpenRouter's xhigh \(https:\/\//);
    // Without the table the same row stays a proposal at AA's own level, as before.
    expect(row(matched(pair, []), slug)).toMatchObject({ status: 'proposed', model, effort: 'max' });
  });

  it('is used by every row of the table on the captures (no row without a case)', () => {
    const used = new Set(
      [...matched('august'), ...matched('july')].filter((r) => r.method === 'effort-vocabulary').map((r) => `${r.model}`),
    );
    for (const v of vocabularies)
      expect(
        [...used].some((model) => (v.models.endsWith('*') ? model.startsWith(v.models.slice(0, -1)) : model === v.models)),
        v.models,
      ).toBe(true);
  });

  it('never maps a level OpenRouter offers by name: the 0813 DeepSeek V4 Pro lists max itself', () => {
    expect(row(matched('august'), 'deepseek-v4-pro')).toMatchObject({
      status: 'matched',
      model: 'deepseek/deepseek-v4-pro-0813',
      effort: 'max',
      method: 'normal-form',
    });
  });

  it('leaves a level with no table row proposed: Inkling (xhigh) on a model that lists max but not xhigh', () => {
    const result = row(matched('august'), 'inkling');
    expect(result).toMatchObject({ status: 'proposed', model: 'thinkingmachines/inkling', effort: 'xhigh' });
    expect(result.reason).toMatch(/no effort vocabulary maps it/);
  });

  it('applies a row only to its models and only onto an effort the model lists', () => {
    const table: EffortVocabularyRow[] = [
      {
        family: 'Acme',
        models: 'acme/model-*',
        native: 'max',
        openrouter: 'xhigh',
        source: 'https://example.com/acme',
        reason: 'documented',
      },
    ];
    const aa = fakeAa({ slug: 'model-1', name: 'Model 1 (max)' });
    const run = (modelId: string, supportedEfforts: string[]) =>
      matchAaRows([aa], [fakeOr({ modelId, supportedEfforts })], EMPTY_CURATION, { effortVocabularies: table })[0];
    expect(run('acme/model-1', ['xhigh', 'high'])).toMatchObject({ status: 'matched', effort: 'xhigh', method: 'effort-vocabulary' });
    expect(run('acme/model-1', ['high', 'low'])).toMatchObject({ status: 'proposed', effort: 'max' });
    const other = matchAaRows(
      [fakeAa({ slug: 'other-1', name: 'Other 1 (max)' })],
      [fakeOr({ modelId: 'acme/other-1', supportedEfforts: ['xhigh'] })],
      EMPTY_CURATION,
      { effortVocabularies: table },
    )[0];
    expect(other).toMatchObject({ status: 'proposed', effort: 'max' });
  });
});

describe('parseEffortVocabularies', () => {
  it('names the file, the line and the field of every problem at once', () => {
    const message = problemsOf(
      [
        '{',
        '  "version": 1,',
        '  "vocabularies": [',
        '    { "family": "DeepSeek V4", "models": "deepseek-v4-pro", "native": "max", "openrouter": "xhigh", "source": "https://a.example", "reason": "r" },',
        '    { "family": "GLM", "models": "z-ai/glm-5.2", "native": "ultra", "openrouter": "xhigh", "source": "http://a.example", "reason": "" },',
        '    { "family": "Same", "models": "z-ai/glm-5.3", "native": "high", "openrouter": "high", "source": "https://a.example", "reason": "r", "extra": 1 }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(message).toContain('data/effort-vocabularies.json:4: vocabularies[0].models: must be an OpenRouter id');
    expect(message).toContain('data/effort-vocabularies.json:5: vocabularies[1].native: unknown level "ultra"');
    expect(message).toContain('data/effort-vocabularies.json:5: vocabularies[1].source: must be an https link');
    expect(message).toContain('data/effort-vocabularies.json:5: vocabularies[1].reason: must not be empty');
    expect(message).toContain('data/effort-vocabularies.json:6: vocabularies[2].extra: unknown field');
    expect(message).toContain('data/effort-vocabularies.json:6: vocabularies[2]: native and openrouter are the same level');
    expect(message).toMatch(/has 6 problems/);
  });

  it('rejects two mappings of one level on the same models, an unknown version, and broken JSON', () => {
    const rowText =
      '{ "family": "F", "models": "a/b", "native": "max", "openrouter": "xhigh", "source": "https://a.example", "reason": "r" }';
    expect(problemsOf(`{"version": 1, "vocabularies": [\n${rowText},\n${rowText}\n]}`)).toMatch(
      /:3: vocabularies\[1\]: a second mapping of max on a\/b \(the first is vocabularies\[0\]\)/,
    );
    expect(problemsOf('{"version": 2}')).toMatch(/version: unsupported version 2/);
    expect(problemsOf('{"version": 1,\n "vocabularies": [,]}')).toMatch(/effort-vocabularies\.json:2:\d+: not valid JSON/);
    expect(
      problemsOf(
        '{"version": 1, "vocabularies": [{ "family": "F", "models": "a/b", "native": "high", "openrouter": "high", "source": "https://a.example", "reason": "r" }]}',
      ),
    ).toMatch(/native and openrouter are the same level/);
  });
});
