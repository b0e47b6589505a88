import { describeIssues } from '../../util/zod-issues.js';
import { validateEnvelope } from '../parse.js';
import type { DroppedRecord, OpenRouterEndpointRecord } from '../types.js';
import { OpenRouterEndpoint, OpenRouterEndpointsBody } from './schema.js';

export const ENDPOINTS_SOURCE_ID = 'openrouter-endpoints';

export interface EndpointsPayloadMeta {
  /** Endpoint rows in the answer, kept or not. */
  readonly rows: number;
  /** Rows that failed the row schema (the caller decides whether that many means drift). */
  readonly invalid: number;
  /** The model id OpenRouter answered for: differs from the one asked when it resolved an alias. */
  readonly servedId: string | null;
}

export interface EndpointsParseResult {
  readonly records: OpenRouterEndpointRecord[];
  readonly dropped: DroppedRecord[];
  readonly meta: EndpointsPayloadMeta;
}

/**
 * Parses one `/endpoints` answer for `modelId` (the id that was asked for, without variant).
 * Pure: no IO. Throws 'schema' when the envelope is wrong; a bad row is only dropped, because
 * whether too many were bad is judged over the whole run (models have few endpoints each).
 * A model with no endpoints (aliases, routers) is a valid, empty answer.
 */
export function parseEndpointsPayload(json: unknown, url: string, modelId: string): EndpointsParseResult {
  const body = validateEnvelope(OpenRouterEndpointsBody, json, ENDPOINTS_SOURCE_ID, url);
  const records: OpenRouterEndpointRecord[] = [];
  const dropped: DroppedRecord[] = [];
  body.data.endpoints.forEach((raw, i) => {
    const parsed = OpenRouterEndpoint.safeParse(raw);
    if (parsed.success) records.push(toEndpointRecord(modelId, parsed.data));
    else
      dropped.push({
        key: `${modelId}|${rowTag(raw) ?? `endpoint ${i + 1}`}`,
        kind: 'schema',
        reason: `does not match the endpoint schema: ${describeIssues(parsed.error, 3)}`,
      });
  });
  return { records, dropped, meta: { rows: body.data.endpoints.length, invalid: dropped.length, servedId: body.data.id ?? null } };
}

export function toEndpointRecord(modelId: string, row: OpenRouterEndpoint): OpenRouterEndpointRecord {
  return {
    modelId,
    endpointName: row.name,
    providerName: row.provider_name,
    tag: row.tag,
    quantization: row.quantization ?? null,
    status: row.status ?? null,
    uptime5m: row.uptime_last_5m ?? null,
    uptime30m: row.uptime_last_30m ?? null,
    uptime1d: row.uptime_last_1d ?? null,
    // A "-1" sentinel here would mean "variable"; the record has no room for that, so it is null.
    promptPricePerM: row.pricing.prompt?.perM ?? null,
    completionPricePerM: row.pricing.completion?.perM ?? null,
    latencyP50Ms: measured(row.latency_last_30m?.p50),
    throughputP50: measured(row.throughput_last_30m?.p50),
    contextLength: row.context_length ?? null,
    maxCompletionTokens: row.max_completion_tokens ?? null,
  };
}

/** A p50 of 0 ms or 0 tokens/s cannot be a measurement, and must never win "fastest". */
function measured(value: number | null | undefined): number | null {
  return value === undefined || value === null || value <= 0 ? null : value;
}

function rowTag(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'tag' in raw && typeof raw.tag === 'string' && raw.tag) return raw.tag;
  return undefined;
}
