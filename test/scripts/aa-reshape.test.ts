import { describe, expect, it } from 'vitest';
import { aaIndexVersionOn, reshapeLegacyToCurrent } from '../../scripts/lib/aa-reshape.js';
import { loadCapture } from '../../scripts/lib/realdata.js';
import { parseAaPayload } from '../../src/sources/artificial-analysis/index.js';
import type { AaModelRecord } from '../../src/sources/types.js';

const LEGACY_URL = 'https://artificialanalysis.ai/api/v2/data/llms/models';
const GPT_55 = '1f054429-397e-4fdb-9e71-67bc92c1735e';

/** What the current shape cannot carry: the index version (legacy had none) and the creator slug (v2 dropped it). */
function comparable({ indexVersion: _v, creatorSlug: _s, ...rest }: AaModelRecord) {
  return rest;
}

describe('reshapeLegacyToCurrent', () => {
  it('serves the 610-row 2026-08-21 capture as 4 current pages of at most 200 rows', () => {
    const legacy = loadCapture('aa_llms_models_2026-08-21');
    const pages = reshapeLegacyToCurrent(legacy, { intelligenceIndexVersion: 4.1 });

    expect(pages.map((p) => p.data.length)).toEqual([200, 200, 200, 10]);
    expect(pages.map((p) => p.pagination)).toEqual([
      { page: 1, page_size: 200, total_pages: 4, has_more: true },
      { page: 2, page_size: 200, total_pages: 4, has_more: true },
      { page: 3, page_size: 200, total_pages: 4, has_more: true },
      { page: 4, page_size: 200, total_pages: 4, has_more: false },
    ]);
    expect(pages.every((p) => p.tier === 'free' && p.intelligence_index_version === 4.1)).toBe(true);
    expect(Object.keys(pages[0] ?? {})).toEqual(['tier', 'intelligence_index_version', 'pagination', 'data']);
    // Row order is kept.
    expect(pages.flatMap((p) => p.data.map((r: any) => r.id))).toEqual(legacy.data.map((r: any) => r.id));
  });

  it('applies the documented rename map to each row', () => {
    const pages = reshapeLegacyToCurrent(loadCapture('aa_llms_models_2026-08-21'), { intelligenceIndexVersion: 4.1 });
    const gpt: any = pages.flatMap((p) => p.data).find((r: any) => r.id === GPT_55);
    expect(Object.keys(gpt)).toEqual(['id', 'name', 'slug', 'release_date', 'model_creator', 'evaluations', 'pricing', 'performance']);
    expect(gpt.model_creator).toEqual({ id: 'e67e56e3-15cd-43db-b679-da4660a69f41', name: 'OpenAI' });
    expect(gpt.performance).toEqual({
      median_output_tokens_per_second: null,
      median_time_to_first_token_seconds: null,
      median_time_to_first_answer_token_seconds: null,
    });
    expect(gpt.pricing).toEqual({ price_1m_blended_3_to_1: 11.25, price_1m_input_tokens: 5, price_1m_output_tokens: 30 });
    expect(gpt.evaluations).toMatchObject({
      gpqa_diamond: 0.935,
      aa_lcr: 0.79,
      tau2_telecom: 0.93859649122807,
      mmlu_pro: null,
      tau_banking: 0.389690721649485,
    });
    expect(gpt.evaluations).not.toHaveProperty('gpqa');
    expect(gpt.evaluations).not.toHaveProperty('lcr');
    expect(gpt.evaluations).not.toHaveProperty('tau2');
    const measured: any = pages[0]?.data[0];
    expect(measured.performance).toEqual({
      median_output_tokens_per_second: 157.917,
      median_time_to_first_token_seconds: 0.742,
      median_time_to_first_answer_token_seconds: 13.407,
    });
  });

  it('parses back to the same records as the legacy parse, apart from the version and the creator slug', () => {
    const legacyRecords = parseAaPayload(loadCapture('aa_llms_models_2026-08-21'), LEGACY_URL).records;
    const pages = reshapeLegacyToCurrent(loadCapture('aa_llms_models_2026-08-21'), { intelligenceIndexVersion: 4.1 });
    const parsed = pages.map((page, i) => parseAaPayload(page, `https://artificialanalysis.ai/api/v2/language/models/free?page=${i + 1}`));
    const records = parsed.flatMap((p) => p.records);

    expect(records).toHaveLength(610);
    expect(parsed.every((p) => p.dropped.length === 0 && p.meta.shape === 'current' && p.meta.route === 'free')).toBe(true);
    expect(records.every((r) => r.indexVersion === 4.1 && r.creatorSlug === null)).toBe(true);
    expect(records.map(comparable)).toEqual(legacyRecords.map(comparable));
  });

  it('leaves its input untouched', () => {
    const legacy = loadCapture('aa_llms_models_2026-08-21');
    reshapeLegacyToCurrent(legacy, { intelligenceIndexVersion: 4.1, pageSize: 50 });
    expect(legacy).toEqual(loadCapture('aa_llms_models_2026-08-21'));
  });

  it('honours pageSize and tier, and turns an empty answer into one empty last page', () => {
    const legacy = loadCapture('aa_llms_models_2026-07-22');
    const pages = reshapeLegacyToCurrent(legacy, { intelligenceIndexVersion: 4.1, pageSize: 250, tier: 'pro' });
    expect(pages.map((p) => [p.data.length, p.tier, p.pagination.has_more])).toEqual([
      [250, 'pro', true],
      [250, 'pro', true],
      [79, 'pro', false],
    ]);
    const empty = reshapeLegacyToCurrent({ status: 200, prompt_options: {}, data: [] }, { intelligenceIndexVersion: 4.1 });
    expect(empty).toEqual([
      { tier: 'free', intelligence_index_version: 4.1, pagination: { page: 1, page_size: 200, total_pages: 1, has_more: false }, data: [] },
    ]);
  });

  it('refuses what is not a legacy answer', () => {
    expect(() =>
      reshapeLegacyToCurrent(loadCapture('aa_language_models_free_page1_2026-06-27'), { intelligenceIndexVersion: 4.1 }),
    ).toThrow(/not a legacy AA answer/);
    expect(() => reshapeLegacyToCurrent({ models: [] }, { intelligenceIndexVersion: 4.1 })).toThrow(/not a legacy AA answer/);
    expect(() => reshapeLegacyToCurrent(loadCapture('aa_llms_models_2026-08-21'), { intelligenceIndexVersion: 4.1, pageSize: 0 })).toThrow(
      /pageSize/,
    );
  });
});

describe('aaIndexVersionOn', () => {
  it('gives the Intelligence Index version in force on a date (APIS §1.6)', () => {
    expect(aaIndexVersionOn('2026-08-21')).toBe(4.1);
    expect(aaIndexVersionOn('2026-07-22')).toBe(4.1);
    expect(aaIndexVersionOn('2026-06-16')).toBe(4.1);
    expect(aaIndexVersionOn('2026-09-22')).toBe(4.3);
    expect(aaIndexVersionOn('2026-11-28')).toBe(4.3);
    expect(aaIndexVersionOn('2026-06-15')).toBeNull();
  });
});
