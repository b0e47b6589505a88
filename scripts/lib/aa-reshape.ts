import { isPlainObject, legacyRowToCurrent, looksLegacy } from '../../src/sources/artificial-analysis/legacy.js';

/**
 * Serves a legacy AA capture (`GET /api/v2/data/llms/models`, one answer of `{status,
 * prompt_options, data}`) as the pages the current list would return (`GET
 * /api/v2/language/models/free?page=N`), so tests and the bundled sample exercise the live
 * pagination path with real rows. Pure: the input is not modified.
 *
 * Rows get AA's documented rename map (APIS §1.5): top-level medians move under `performance`
 * (`median_time_to_first_answer_token` gains `_seconds`), gpqa/lcr/tau2 become
 * gpqa_diamond/aa_lcr/tau2_telecom, `model_creator.slug` is dropped, and a legacy 0 for a speed,
 * latency or price becomes null (0 meant "not measured"). Other keys are kept as they are,
 * including `pricing.price_1m_blended_3_to_1` (a Pro field) and the benchmarks v2 no longer has.
 */
export interface AaCurrentPage {
  readonly tier: string;
  readonly intelligence_index_version: number;
  readonly pagination: { readonly page: number; readonly page_size: number; readonly total_pages: number; readonly has_more: boolean };
  readonly data: unknown[];
}

export interface ReshapeOptions {
  /** Legacy answers do not say; use the version in force on the capture date (aaIndexVersionOn). */
  readonly intelligenceIndexVersion: number;
  /** AA's fixed page size is 200. */
  readonly pageSize?: number;
  readonly tier?: string;
}

/** Index versions with a known start date (APIS §1.6); earlier dates are not dated precisely enough. */
const INDEX_VERSIONS: ReadonlyArray<{ readonly from: string; readonly version: number }> = [
  { from: '2026-09-22', version: 4.3 },
  { from: '2026-06-16', version: 4.1 },
];

/** The AA Intelligence Index version in force on a `YYYY-MM-DD` date, or null when not known. */
export function aaIndexVersionOn(date: string): number | null {
  return INDEX_VERSIONS.find((v) => date >= v.from)?.version ?? null;
}

function currentRow(row: unknown): unknown {
  const converted = legacyRowToCurrent(row);
  if (!isPlainObject(converted) || !isPlainObject(converted.model_creator)) return converted;
  // v2 has no creator slug; copy before removing it so the input stays untouched.
  const { slug: _dropped, ...creator } = converted.model_creator;
  return { ...converted, model_creator: creator };
}

export function reshapeLegacyToCurrent(legacy: unknown, options: ReshapeOptions): AaCurrentPage[] {
  const pageSize = options.pageSize ?? 200;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  if (!Number.isFinite(options.intelligenceIndexVersion)) throw new Error('intelligenceIndexVersion must be a number such as 4.1');
  if (!isPlainObject(legacy) || !Array.isArray(legacy.data) || !looksLegacy(legacy)) {
    throw new Error('not a legacy AA answer: expected {status, prompt_options, data: [...]}');
  }
  const rows = legacy.data.map(currentRow);
  const totalPages = Math.max(1, Math.ceil(rows.length / pageSize));
  const pages: AaCurrentPage[] = [];
  for (let page = 1; page <= totalPages; page++) {
    pages.push({
      tier: options.tier ?? 'free',
      intelligence_index_version: options.intelligenceIndexVersion,
      pagination: { page, page_size: pageSize, total_pages: totalPages, has_more: page < totalPages },
      data: rows.slice((page - 1) * pageSize, page * pageSize),
    });
  }
  return pages;
}
