import { describeIssues } from '../../util/zod-issues.js';
import type { DroppedRecord, OpenRouterModelRecord } from '../types.js';
import { OpenRouterModel } from './schema.js';

/**
 * One `/models` row → one OpenRouterModelRecord. Nothing is excluded here (routers, `:free`
 * variants, image models all pass): curation decides from the stored fields.
 */
export type ModelRowOutcome =
  { readonly ok: true; readonly record: OpenRouterModelRecord } | { readonly ok: false; readonly dropped: DroppedRecord };

/** Validates and normalises one raw row; `where` names it in the drop reason when it has no id. */
export function parseModelRow(raw: unknown, where: string): ModelRowOutcome {
  const parsed = OpenRouterModel.safeParse(raw);
  if (parsed.success) return { ok: true, record: toOpenRouterModelRecord(parsed.data) };
  return {
    ok: false,
    dropped: { key: rowKey(raw, where), kind: 'schema', reason: `does not match the row schema: ${describeIssues(parsed.error, 3)}` },
  };
}

export function toOpenRouterModelRecord(row: OpenRouterModel): OpenRouterModelRecord {
  const prompt = row.pricing.prompt ?? null;
  const completion = row.pricing.completion ?? null;
  const aa = row.benchmarks?.artificial_analysis;
  return {
    modelId: row.id,
    canonicalSlug: row.canonical_slug ?? null,
    name: row.name,
    created: row.created ?? null,
    contextLength: row.context_length ?? null,
    inputModalities: row.architecture.input,
    outputModalities: row.architecture.output,
    tokenizer: row.architecture.tokenizer,
    promptPricePerM: prompt?.perM ?? null,
    completionPricePerM: completion?.perM ?? null,
    variablePrice: (prompt?.variable ?? false) || (completion?.variable ?? false),
    supportedEfforts: row.reasoning?.supported_efforts ?? null,
    defaultEffort: row.reasoning?.default_effort ?? null,
    reasoningMandatory: row.reasoning?.mandatory ?? null,
    reasoningDefaultEnabled: row.reasoning?.default_enabled ?? null,
    reasoningSupportsMaxTokens: row.reasoning?.supports_max_tokens ?? null,
    supportedParameters: row.supported_parameters ?? [],
    aaIntelligenceIndex: aa?.intelligence_index ?? null,
    aaCodingIndex: aa?.coding_index ?? null,
    aaAgenticIndex: aa?.agentic_index ?? null,
    expirationDate: row.expiration_date ?? null,
    knowledgeCutoff: row.knowledge_cutoff ?? null,
    // Closed models send "" here; it means "no Hugging Face id", which is null everywhere else.
    huggingFaceId: row.hugging_face_id ? row.hugging_face_id : null,
  };
}

function rowKey(raw: unknown, where: string): string {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id) return raw.id;
  return where;
}
