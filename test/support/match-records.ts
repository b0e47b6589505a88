import { loadCapture, type CaptureName } from '../../scripts/lib/realdata.js';
import type { AaModelRecord, OpenRouterModelRecord } from '../../src/sources/types.js';

/**
 * Real captures → the records matching reads. Only the fields matching uses are mapped with care
 * (ids, names, creators, indices, efforts, modalities, router markers); prices are a rough
 * per-1M conversion, which matching never looks at.
 */

export type AaCapture = 'aa_llms_models_2026-08-21' | 'aa_llms_models_2026-07-22' | 'aa_language_models_free_page1_2026-06-27';
export type OrCapture = 'or_models_2026-08-22_wrapped' | 'or_models_2026-07-22_wrapped';

type Json = Record<string, any>;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function aaRecord(raw: Json, indexVersion: number | null = null): AaModelRecord {
  const evaluations: Record<string, number | null> = {};
  for (const [key, value] of Object.entries((raw.evaluations ?? {}) as Json)) evaluations[key] = num(value);
  const performance = (raw.performance ?? raw) as Json;
  return {
    aaId: raw.id,
    slug: raw.slug,
    name: raw.name,
    creatorId: raw.model_creator?.id ?? null,
    creatorName: raw.model_creator?.name ?? null,
    creatorSlug: raw.model_creator?.slug ?? null,
    releaseDate: raw.release_date ?? null,
    indexVersion,
    intelligenceIndex: evaluations.artificial_analysis_intelligence_index ?? null,
    codingIndex: evaluations.artificial_analysis_coding_index ?? null,
    agenticIndex: evaluations.artificial_analysis_agentic_index ?? null,
    priceInputPerM: num(raw.pricing?.price_1m_input_tokens),
    priceOutputPerM: num(raw.pricing?.price_1m_output_tokens),
    priceBlendedPerM: num(raw.pricing?.price_1m_blended_3_to_1),
    outputTokensPerSecond: num(performance.median_output_tokens_per_second) || null,
    ttftSeconds: num(performance.median_time_to_first_token_seconds) || null,
    openrouterApiId: raw.openrouter_api_id ?? null,
    reasoningModel: raw.reasoning_model ?? null,
    evaluations,
  };
}

function perMillion(value: unknown): number | null {
  if (typeof value !== 'string' || value === '-1') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n * 1_000_000 : null;
}

export function orRecord(raw: Json): OpenRouterModelRecord {
  const aa = (raw.benchmarks?.artificial_analysis ?? {}) as Json;
  return {
    modelId: raw.id,
    canonicalSlug: raw.canonical_slug ?? null,
    name: raw.name,
    created: num(raw.created),
    contextLength: num(raw.context_length),
    inputModalities: raw.architecture?.input_modalities ?? [],
    outputModalities: raw.architecture?.output_modalities ?? [],
    tokenizer: raw.architecture?.tokenizer ?? null,
    promptPricePerM: perMillion(raw.pricing?.prompt),
    completionPricePerM: perMillion(raw.pricing?.completion),
    variablePrice: raw.pricing?.prompt === '-1',
    supportedEfforts: raw.reasoning?.supported_efforts ?? null,
    defaultEffort: raw.reasoning?.default_effort ?? null,
    reasoningMandatory: raw.reasoning?.mandatory ?? null,
    reasoningDefaultEnabled: raw.reasoning?.default_enabled ?? null,
    reasoningSupportsMaxTokens: raw.reasoning?.supports_max_tokens ?? null,
    supportedParameters: raw.supported_parameters ?? [],
    aaIntelligenceIndex: num(aa.intelligence_index),
    aaCodingIndex: num(aa.coding_index),
    aaAgenticIndex: num(aa.agentic_index),
    expirationDate: raw.expiration_date ?? null,
    knowledgeCutoff: raw.knowledge_cutoff ?? null,
    huggingFaceId: raw.hugging_face_id ?? null,
  };
}

export function loadAaRecords(name: AaCapture): AaModelRecord[] {
  const capture = loadCapture<Json>(name as CaptureName);
  return (capture.data as Json[]).map((raw) => aaRecord(raw, num(capture.intelligence_index_version)));
}

export function loadOrRecords(name: OrCapture): OpenRouterModelRecord[] {
  return (loadCapture<Json>(name as CaptureName).data as Json[]).map(orRecord);
}

/** SPEC §4.1 percentile of every row with a coding index, keyed by AA id. */
export function codingPercentiles(rows: readonly AaModelRecord[]): Map<string, number> {
  const field = rows.filter((row) => row.codingIndex !== null);
  const n = field.length;
  const out = new Map<string, number>();
  for (const row of field) {
    const value = row.codingIndex as number;
    let below = 0;
    let tiesOther = 0;
    for (const other of field) {
      const x = other.codingIndex as number;
      if (x < value) below += 1;
      else if (x === value && other !== row) tiesOther += 1;
    }
    out.set(row.aaId, n === 1 ? 100 : Math.round((100 * (below + 0.5 * tiesOther)) / (n - 1)));
  }
  return out;
}

/** A hand-made AA row for rule tests; only what is given differs from a neutral default. */
export function fakeAa(fields: Partial<AaModelRecord> & Pick<AaModelRecord, 'slug' | 'name'>): AaModelRecord {
  return {
    aaId: fields.aaId ?? `00000000-0000-4000-8000-${String(hash(fields.slug)).padStart(12, '0')}`,
    creatorId: null,
    creatorName: 'Acme',
    creatorSlug: 'acme',
    releaseDate: null,
    indexVersion: null,
    intelligenceIndex: null,
    codingIndex: null,
    agenticIndex: null,
    priceInputPerM: null,
    priceOutputPerM: null,
    priceBlendedPerM: null,
    outputTokensPerSecond: null,
    ttftSeconds: null,
    openrouterApiId: null,
    reasoningModel: null,
    evaluations: {},
    ...fields,
  };
}

/** A hand-made OpenRouter model for rule tests. */
export function fakeOr(fields: Partial<OpenRouterModelRecord> & Pick<OpenRouterModelRecord, 'modelId'>): OpenRouterModelRecord {
  return {
    canonicalSlug: fields.modelId,
    name: fields.modelId,
    created: null,
    contextLength: null,
    inputModalities: ['text'],
    outputModalities: ['text'],
    tokenizer: 'Other',
    promptPricePerM: 1,
    completionPricePerM: 2,
    variablePrice: false,
    supportedEfforts: null,
    defaultEffort: null,
    reasoningMandatory: null,
    reasoningDefaultEnabled: null,
    reasoningSupportsMaxTokens: null,
    supportedParameters: [],
    aaIntelligenceIndex: null,
    aaCodingIndex: null,
    aaAgenticIndex: null,
    expirationDate: null,
    knowledgeCutoff: null,
    huggingFaceId: null,
    ...fields,
  };
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + char.charCodeAt(0)) % 1_000_000_000_000;
  return h;
}
