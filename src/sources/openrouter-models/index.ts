import { ParetoError } from '../../errors.js';
import { parseJsonBody } from '../parse.js';
import type { OpenRouterModelRecord, RecordStore, Source, SourceContext, SourceResult } from '../types.js';
import { explainOpenRouterFailure } from './errors.js';
import { parseModelRow } from './to-record.js';
import { assertUsableModels, createModelCollector, MODELS_SOURCE_ID, readModelsPage, type ModelsPage } from './parse.js';
import { modelsUrl, nextPageUrl, openRouterHeaders } from './request.js';

export {
  parseModelsPayload,
  readModelsPage,
  MODELS_SOURCE_ID,
  type ModelsEnvelope,
  type ModelsPage,
  type ModelsParseResult,
  type ModelsPayloadMeta,
} from './parse.js';
export { parseModelRow, toOpenRouterModelRecord, type ModelRowOutcome } from './to-record.js';
export { readPerTokenPrice, type PerTokenPrice } from './price.js';
export { explainOpenRouterFailure, type ExplainOptions } from './errors.js';
export { modelsUrl, nextPageUrl, openRouterHeaders } from './request.js';

/** Without offset/limit OpenRouter sends the whole list at once; 20 pages of 500 is far above it. */
export const MAX_MODEL_PAGES = 20;

export const OPENROUTER_MODEL_RECORDS: RecordStore<'openrouter-model'> = {
  kind: 'openrouter-model',
  table: 'openrouter_model_observations',
  naturalKey: (r) => r.modelId,
  columns: (r) => ({
    canonical_slug: r.canonicalSlug,
    prompt_price_per_m: r.promptPricePerM,
    completion_price_per_m: r.completionPricePerM,
    aa_coding_index: r.aaCodingIndex,
    reasoning_mandatory: r.reasoningMandatory,
    reasoning_default_enabled: r.reasoningDefaultEnabled,
    reasoning_default_effort: r.defaultEffort,
    reasoning_supported_efforts: r.supportedEfforts === null ? null : JSON.stringify(r.supportedEfforts),
  }),
  // `reasoning.default_enabled` and `supports_max_tokens` were first read with migration 0003:
  // older rows lack them and read back null (not said), so old runs curate exactly as they did.
  upgrade: (r) => ({
    ...r,
    reasoningDefaultEnabled: r.reasoningDefaultEnabled ?? null,
    reasoningSupportsMaxTokens: r.reasoningSupportsMaxTokens ?? null,
  }),
};

export const openrouterModels: Source<'openrouter-model', typeof MODELS_SOURCE_ID> = {
  id: MODELS_SOURCE_ID,
  kind: 'openrouter-model',
  title: 'OpenRouter models (/models)',
  optIn: false,
  records: OPENROUTER_MODEL_RECORDS,
  maxAgeSeconds: 2 * 3600, // every 30 minutes, with slack for a few failed ticks
  async fetch(ctx) {
    try {
      return await fetchAllPages(ctx);
    } catch (error) {
      throw explainOpenRouterFailure(error, MODELS_SOURCE_ID, {
        redact: ctx.config.redact,
        keySent: ctx.config.openRouterApiKey !== undefined,
      });
    }
  },
};

async function fetchAllPages(ctx: SourceContext): Promise<SourceResult<'openrouter-model'>> {
  const { config } = ctx;
  const headers = openRouterHeaders(config.openRouterApiKey);
  const listUrl = modelsUrl(config.openRouterBaseUrl);
  const collector = createModelCollector();
  const fetched = new Set<string>();
  let url = listUrl;
  let first: ModelsPage | undefined;
  for (let pageNo = 1; ; pageNo++) {
    fetched.add(url);
    const response = await ctx.http.get({ url, headers });
    const page = readModelsPage(parseJsonBody(response, MODELS_SOURCE_ID), response.url);
    first ??= page;
    collector.add(page.rows, `page ${pageNo}`, parseModelRow);
    ctx.log.debug(`${MODELS_SOURCE_ID}: page ${pageNo}: ${page.rows.length} models`);
    if (page.next === null) {
      assertUsableModels(listUrl, collector);
      reportOddities(ctx, collector.records, collector.counts.invalid, first.totalCount);
      return {
        kind: 'openrouter-model',
        records: collector.records,
        dropped: collector.dropped,
        meta: { total: collector.records.length, pages: pageNo, envelope: first.envelope },
      };
    }
    url = nextPageUrl(config.openRouterBaseUrl, page.next, response.url);
    // Stopping early would make the models on later pages look delisted: fail instead.
    if (fetched.has(url)) throw paginationError(listUrl, `links.next points back to ${url}, which was already read`);
    if (pageNo >= MAX_MODEL_PAGES)
      throw paginationError(listUrl, `the list still has more after ${pageNo} pages (the cap is ${MAX_MODEL_PAGES})`);
  }
}

function paginationError(listUrl: string, problem: string): ParetoError {
  return new ParetoError('schema', `stopped paging ${listUrl}: ${problem}`, {
    source: MODELS_SOURCE_ID,
    hint: 'a partial list would make the missing models look delisted, so nothing was stored. Check src/sources/openrouter-models/readme.md',
  });
}

/** Worth a line in the log, not a failure: the list itself is usable. */
function reportOddities(ctx: SourceContext, records: readonly OpenRouterModelRecord[], invalid: number, totalCount: number | null): void {
  const read = records.length + invalid;
  if (totalCount !== null && totalCount !== read) {
    ctx.log.info(
      `${MODELS_SOURCE_ID}: total_count says ${totalCount} models, ${read} were read (the list changed while it was read, or total_count counts differently)`,
    );
  }
  // The republished AA indices are curation's fallback when there is no AA key.
  if (!records.some((r) => r.aaCodingIndex !== null)) {
    ctx.log.warn(
      `${MODELS_SOURCE_ID}: none of the ${records.length} models carries benchmarks.artificial_analysis.coding_index; without an AA key curation has no coding scores`,
    );
  }
}
