import type { AaModelRecord, DroppedRecord } from '../types.js';
import { describeIssues } from '../../util/zod-issues.js';
import { AaRow } from './schema.js';
import { isPlainObject } from './legacy.js';

/**
 * One current-shape row → one AaModelRecord. The API path (both shapes) and the leaderboard
 * page both end here, so a record means the same thing whichever way it arrived.
 */
export type AaRowOutcome = { readonly ok: true; readonly record: AaModelRecord } | { readonly ok: false; readonly dropped: DroppedRecord };

/** Validates and normalises one raw row; `where` names it in the drop reason when it has no id. */
export function parseAaRow(raw: unknown, indexVersion: number | null, where: string): AaRowOutcome {
  const parsed = AaRow.safeParse(raw);
  if (parsed.success) return { ok: true, record: toAaModelRecord(parsed.data, indexVersion) };
  return {
    ok: false,
    dropped: { key: rowKey(raw, where), kind: 'schema', reason: `does not match the row schema: ${describeIssues(parsed.error, 3)}` },
  };
}

export function toAaModelRecord(row: AaRow, indexVersion: number | null): AaModelRecord {
  const evaluations = numericEvaluations(row.evaluations);
  return {
    aaId: row.id,
    slug: row.slug,
    name: row.name,
    creatorId: row.model_creator?.id ?? null,
    creatorName: row.model_creator?.name ?? null,
    creatorSlug: row.model_creator?.slug ?? null,
    releaseDate: row.release_date ?? null,
    indexVersion,
    intelligenceIndex: evaluations.artificial_analysis_intelligence_index ?? null,
    codingIndex: evaluations.artificial_analysis_coding_index ?? null,
    agenticIndex: evaluations.artificial_analysis_agentic_index ?? null,
    priceInputPerM: row.pricing?.price_1m_input_tokens ?? null,
    priceOutputPerM: row.pricing?.price_1m_output_tokens ?? null,
    // Only Pro (and legacy) send it; it is never derived here, so "absent" stays visible.
    priceBlendedPerM: row.pricing?.price_1m_blended_3_to_1 ?? null,
    outputTokensPerSecond: measured(row.performance?.median_output_tokens_per_second),
    ttftSeconds: measured(row.performance?.median_time_to_first_token_seconds),
    openrouterApiId: row.openrouter_api_id ?? null,
    reasoningModel: row.reasoning_model ?? null,
    evaluations,
  };
}

/**
 * A median speed or latency of exactly 0 cannot be a measurement: legacy used it for "not
 * measured", and a 0 must never win "fastest". Prices keep their 0 on the current shape, where
 * AA uses null for unknown and 0 for a free model.
 */
function measured(value: number | null | undefined): number | null {
  return value === undefined || value === null || value === 0 ? null : value;
}

/** The open evaluation map: every numeric (or null) key as sent; other value types are ignored. */
function numericEvaluations(evaluations: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(evaluations)) {
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}

function rowKey(raw: unknown, where: string): string {
  if (isPlainObject(raw)) {
    if (typeof raw.id === 'string' && raw.id) return raw.id;
    if (typeof raw.slug === 'string' && raw.slug) return `slug:${raw.slug}`;
  }
  return where;
}
