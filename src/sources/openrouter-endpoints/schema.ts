import { z } from 'zod';
import { UsdPerToken } from '../openrouter-models/schema.js';

/**
 * The parts of `GET /models/{author}/{slug}/endpoints` this source reads (APIS §2.4). Rows are
 * checked one by one; the envelope is strict. Telemetry objects are null for unauthenticated
 * calls and for endpoints with too little traffic, uptimes are null when data is thin.
 */
const optionalNumber = z.number().nullable().optional();

/** `{p50, p75, p90, p99}`; only p50 is kept. Real percentiles do not always rise, so none is derived. */
const Percentiles = z.object({ p50: optionalNumber }).nullable().optional();

export const OpenRouterEndpoint = z.object({
  name: z.string(),
  provider_name: z.string(),
  // Part of the natural key (model id + tag), so a row without one cannot be stored.
  tag: z.string().min(1),
  quantization: z.string().nullable().optional(),
  status: optionalNumber,
  uptime_last_5m: optionalNumber,
  uptime_last_30m: optionalNumber,
  uptime_last_1d: optionalNumber,
  // The same USD-per-token strings as /models, so the same exact conversion.
  pricing: z.object({ prompt: UsdPerToken.nullable().optional(), completion: UsdPerToken.nullable().optional() }),
  latency_last_30m: Percentiles,
  throughput_last_30m: Percentiles,
  context_length: optionalNumber,
  max_completion_tokens: optionalNumber,
});
export type OpenRouterEndpoint = z.infer<typeof OpenRouterEndpoint>;

/** `endpoints` stays `unknown[]` here: rows are checked one by one. */
export const OpenRouterEndpointsBody = z.object({
  data: z.object({
    id: z.string().optional(),
    endpoints: z.array(z.unknown()),
  }),
});
export type OpenRouterEndpointsBody = z.infer<typeof OpenRouterEndpointsBody>;
