import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CURATION, type CurationFile } from '../../src/curation/curation-file.js';
import { EMPTY_VOCABULARIES } from '../../src/curation/effort-vocabulary-file.js';
import { summarizeMatches } from '../../src/curation/match-summary.js';
import { formatMatchSummary } from '../../src/curation/match-summary-format.js';
import { packageRoot } from '../../src/util/package-root.js';
import { fakeAa, fakeOr, loadAaRecords, loadOrRecords } from '../support/match-records.js';
import { loadCurationFile, loadEffortVocabularies } from '../../src/pipeline/curation-files.js';

const curation = loadCurationFile(path.join(packageRoot(), 'data', 'curation.json'));
const effortVocabularies = loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json'));

describe('summarizeMatches on AA 2026-08-21 × OpenRouter 2026-08-22', () => {
  const aaRows = loadAaRecords('aa_llms_models_2026-08-21');
  const models = loadOrRecords('or_models_2026-08-22_wrapped');
  const summary = summarizeMatches({ aaRows, models, curation, effortVocabularies });

  it('counts the field and the rows at or above the low band, by status and by method or cause', () => {
    expect(summary.field).toEqual({ rows: 222, matched: 148, proposed: 9, unmatched: 65 });
    expect(summary.strong).toEqual({
      rows: 112,
      onOpenRouter: 102,
      matched: { total: 96, byMethod: { 'normal-form': 93, 'effort-vocabulary': 3 } },
      proposed: {
        total: 6,
        byCause: { 'default-does-not-reason': 2, 'non-reasoning-not-offered': 2, 'effort-not-offered': 1, ambiguous: 1 },
      },
      unmatched: { total: 10, byCause: { 'no-model': 10 } },
      matchedShare: 96 / 102,
    });
    // Without the effort vocabularies the three max rows are proposals again.
    const without = summarizeMatches({ aaRows, models, curation, effortVocabularies: EMPTY_VOCABULARIES });
    expect(without.strong.matched.total).toBe(93);
    expect(without.strong.proposed.byCause['effort-not-offered']).toBe(4);
  });

  it('lists the proposed rows that would enter a tier if accepted, strongest first', () => {
    expect(summary.wouldEnter.map((r) => [r.percentile, r.tier, r.aaSlug, `${r.model}@${r.effort ?? 'default'}`, r.cause])).toEqual([
      [81, 'low', 'claude-sonnet-5-non-reasoning', 'anthropic/claude-sonnet-5@none', 'non-reasoning-not-offered'],
      [65, 'low', 'inkling', 'thinkingmachines/inkling@xhigh', 'effort-not-offered'],
      [55, 'low', 'deepseek-v3-2-reasoning', 'deepseek/deepseek-v3.2@default', 'default-does-not-reason'],
      [53, 'low', 'gemma-4-31b', 'google/gemma-4-31b-it@default', 'default-does-not-reason'],
    ]);
  });

  it('prints the same as text', () => {
    const text = formatMatchSummary(summary);
    expect(text).toContain('field: 222 AA rows with a coding index (148 matched, 9 proposed, 65 unmatched)');
    expect(text).toContain('at or above the low band (percentile ≥ 50): 112 rows, 102 with a model on OpenRouter');
    expect(text).toContain('  matched 96 = 94.1% of those on OpenRouter (normal-form 93, effort-vocabulary 3)');
    expect(text).toContain('  proposed 6 (default-does-not-reason 2, non-reasoning-not-offered 2, ambiguous 1, effort-not-offered 1)');
    expect(text).toContain('   65 low    inkling → thinkingmachines/inkling@xhigh [effort-not-offered]');
  });
});

describe('which proposals would enter a tier (hand-made)', () => {
  // One model at four efforts; OpenRouter offers all but max. Four rows give percentiles 0, 33, 67, 100.
  const models = [fakeOr({ modelId: 'acme/m-1', supportedEfforts: ['xhigh', 'high', 'low'] })];
  const bands = { high: 95, medium: 90, low: 30 };
  const field = (maxIndex: number) => [
    fakeAa({ slug: 'm-1-low', name: 'M 1 (low)', codingIndex: 10 }),
    fakeAa({ slug: 'm-1-high', name: 'M 1 (high)', codingIndex: 20 }),
    fakeAa({ slug: 'm-1', name: 'M 1 (max)', codingIndex: maxIndex }),
    fakeAa({ slug: 'm-1-xhigh', name: 'M 1 (xhigh)', codingIndex: 40 }),
  ];
  const run = (maxIndex: number, file: CurationFile = EMPTY_CURATION) =>
    summarizeMatches({ aaRows: field(maxIndex), models, curation: file, bands });

  it('enters a tier where it beats the matched effort of its model, naming the entry it replaces', () => {
    // max p67 and high p33 are both in the low tier; xhigh p100 is alone in the high tier.
    const summary = run(30);
    expect(summary.wouldEnter).toEqual([
      expect.objectContaining({
        aaSlug: 'm-1',
        percentile: 67,
        tier: 'low',
        effort: 'max',
        cause: 'effort-not-offered',
        replaces: 'acme/m-1@high',
      }),
    ]);
    expect(summary.strong).toMatchObject({ rows: 3, onOpenRouter: 3, matched: { total: 2 }, proposed: { total: 1 } });
  });

  it('does not enter a tier its model holds with a stronger row, nor when the curation file excludes it', () => {
    // max p33 below high p67, both in the low tier: accepting it changes nothing.
    expect(run(15).wouldEnter).toEqual([]);
    expect(run(30, { ...EMPTY_CURATION, exclusions: [{ model: 'acme/m-1', effort: 'max', reason: 'not wanted' }] }).wouldEnter).toEqual([]);
  });
});
