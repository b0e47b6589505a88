import { ParetoError } from '../../errors.js';
import { HttpError } from '../../http/errors.js';
import type { HttpResponse } from '../../http/types.js';
import { explainOpenRouterFailure, MODELS_SOURCE_ID, openRouterHeaders } from '../openrouter-models/index.js';
import { parseJsonBody } from '../parse.js';
import type { DroppedRecord, OpenRouterEndpointRecord, RecordStore, Source, SourceContext, SourceResult } from '../types.js';
import { endpointsUrl, modelIdsInEndpointUrls, requestedModelIds } from './ids.js';
import { ENDPOINTS_SOURCE_ID, parseEndpointsPayload } from './parse.js';
import { mapWithConcurrency } from '../../util/map-with-concurrency.js';

export {
  parseEndpointsPayload,
  toEndpointRecord,
  ENDPOINTS_SOURCE_ID,
  type EndpointsParseResult,
  type EndpointsPayloadMeta,
} from './parse.js';
export { baseModelId, endpointsUrl, modelIdsInEndpointUrls, requestedModelIds } from './ids.js';

/** What one model's request came to: its endpoints, or a 404 (it left OpenRouter meanwhile). */
type ModelOutcome =
  | {
      readonly found: true;
      readonly records: OpenRouterEndpointRecord[];
      readonly dropped: DroppedRecord[];
      readonly rows: number;
      readonly invalid: number;
    }
  | { readonly found: false; readonly dropped: DroppedRecord };

export const OPENROUTER_ENDPOINT_RECORDS: RecordStore<'openrouter-endpoint'> = {
  kind: 'openrouter-endpoint',
  table: 'openrouter_endpoint_observations',
  naturalKey: (r) => `${r.modelId}|${r.tag}`,
  columns: (r) => ({
    model_id: r.modelId,
    tag: r.tag,
    status: r.status,
    prompt_price_per_m: r.promptPricePerM,
    throughput_p50: r.throughputP50,
    latency_p50_ms: r.latencyP50Ms,
  }),
};

export const openrouterEndpoints: Source<'openrouter-endpoint', typeof ENDPOINTS_SOURCE_ID> = {
  id: ENDPOINTS_SOURCE_ID,
  kind: 'openrouter-endpoint',
  title: 'OpenRouter provider endpoints (/models/{author}/{slug}/endpoints)',
  optIn: false,
  records: OPENROUTER_ENDPOINT_RECORDS,
  maxAgeSeconds: 2 * 3600,
  // One request per model: the ids come from --models, a recording, or the model list just synced.
  modelIds: { listedBy: MODELS_SOURCE_ID, recorded: modelIdsInEndpointUrls },
  async fetch(ctx) {
    try {
      return await fetchAll(ctx);
    } catch (error) {
      throw explainOpenRouterFailure(error, ENDPOINTS_SOURCE_ID, {
        redact: ctx.config.redact,
        keySent: ctx.config.openRouterApiKey !== undefined,
      });
    }
  },
};

async function fetchAll(ctx: SourceContext): Promise<SourceResult<'openrouter-endpoint'>> {
  const ids = requestedModelIds(ctx.modelIds);
  const authenticated = ctx.config.openRouterApiKey !== undefined;
  const headers = openRouterHeaders(ctx.config.openRouterApiKey);
  const outcomes = await mapWithConcurrency(ids, ctx.config.endpointsConcurrency, (id) => fetchModel(ctx, id, headers));

  const records: OpenRouterEndpointRecord[] = [];
  const dropped: DroppedRecord[] = [];
  let rows = 0;
  let invalid = 0;
  for (const outcome of outcomes) {
    if (!outcome.found) {
      dropped.push(outcome.dropped);
      continue;
    }
    records.push(...outcome.records);
    dropped.push(...outcome.dropped);
    rows += outcome.rows;
    invalid += outcome.invalid;
  }
  const notFound = outcomes.filter((o) => !o.found).length;
  assertUsable(ctx, ids.length, notFound, rows, invalid, dropped);
  if (authenticated && records.length > 0 && records.every((r) => r.latencyP50Ms === null && r.throughputP50 === null)) {
    ctx.log.info(
      `${ENDPOINTS_SOURCE_ID}: a key was sent but no endpoint has latency or throughput (too little traffic, or the key was not honoured)`,
    );
  }
  ctx.log.info(
    `${ENDPOINTS_SOURCE_ID}: ${records.length} endpoints for ${ids.length - notFound} models${notFound ? ` (${notFound} not on OpenRouter any more)` : ''}`,
  );
  return {
    kind: 'openrouter-endpoint',
    records,
    dropped,
    meta: { requested: ids.length, fetched: ids.length - notFound, notFound, endpoints: records.length, authenticated },
  };
}

async function fetchModel(ctx: SourceContext, modelId: string, headers: Record<string, string>): Promise<ModelOutcome> {
  const url = endpointsUrl(ctx.config.openRouterBaseUrl, modelId);
  let response: HttpResponse;
  try {
    response = await ctx.http.get({ url, headers });
  } catch (error) {
    // The model list is read first; a model can leave OpenRouter before its endpoints are asked for.
    if (!(error instanceof HttpError) || error.status !== 404) throw error;
    ctx.log.info(`${ENDPOINTS_SOURCE_ID}: ${modelId} answered 404; it is no longer on OpenRouter and is skipped`);
    return {
      found: false,
      dropped: {
        key: modelId,
        kind: 'not_found',
        reason: `GET ${ctx.config.redact(url)} answered 404: the model is no longer on OpenRouter`,
      },
    };
  }
  const parsed = parseEndpointsPayload(parseJsonBody(response, ENDPOINTS_SOURCE_ID), response.url, modelId);
  if (parsed.meta.servedId && parsed.meta.servedId !== modelId) {
    ctx.log.debug(
      ctx.config.redact(`${ENDPOINTS_SOURCE_ID}: ${modelId} resolved to ${parsed.meta.servedId}; its endpoints are kept under ${modelId}`),
    );
  }
  return { found: true, records: parsed.records, dropped: parsed.dropped, rows: parsed.meta.rows, invalid: parsed.meta.invalid };
}

/** All 404s, no endpoint at all, or most rows failing the schema: nothing is kept. */
function assertUsable(
  ctx: SourceContext,
  requested: number,
  notFound: number,
  rows: number,
  invalid: number,
  dropped: readonly DroppedRecord[],
): void {
  if (notFound === requested) {
    throw new ParetoError('empty', `all ${requested} requested model(s) answered 404 (not on OpenRouter)`, {
      source: ENDPOINTS_SOURCE_ID,
      hint: `check the model ids (they must be on OpenRouter's /models list) and OPENROUTER_BASE_URL (now ${ctx.config.openRouterBaseUrl}); nothing was stored`,
    });
  }
  if (rows === 0) {
    throw new ParetoError('empty', `none of the ${requested - notFound} model(s) fetched lists a provider endpoint`, {
      source: ENDPOINTS_SOURCE_ID,
      hint: 'routers and aliases have no endpoints of their own; ask for concrete models. Nothing was stored',
    });
  }
  if (invalid * 2 <= rows) return;
  const example = dropped.find((d) => d.kind === 'schema');
  throw new ParetoError(
    'schema',
    `${invalid} of ${rows} endpoints fail the endpoint schema (schema drift)${example ? `; first: ${example.key} ${example.reason}` : ''}`,
    {
      source: ENDPOINTS_SOURCE_ID,
      hint: 'the shape has changed; nothing was stored. Update src/sources/openrouter-endpoints/schema.ts (see the readme there)',
    },
  );
}
