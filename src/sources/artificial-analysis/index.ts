import { ParetoError } from '../../errors.js';
import { HttpError, errorBodyMessage } from '../../http/errors.js';
import type { HttpResponse } from '../../http/types.js';
import { parseJsonBody } from '../parse.js';
import type { RecordStore, Source, SourceContext, SourceResult } from '../types.js';
import { createAaRowCollector } from './collect.js';
import { explainAaFailure } from './errors.js';
import { AA_SOURCE_ID, assertUsable, readAaPage, type AaPage } from './parse.js';

export { AA_SOURCE_ID, parseAaPayload, readAaPage, type AaParseResult, type AaPayloadMeta } from './parse.js';
export { parseAaRow, toAaModelRecord, type AaRowOutcome } from './to-record.js';
export { LEGACY_EVALUATION_RENAMES, legacyRowToCurrent } from './legacy.js';

type ListRoute = 'pro' | 'free';

/** Pro list first (it adds openrouter_api_id); a Free key gets 403 there and reads the Free list. */
export function aaListUrl(baseUrl: string, route: ListRoute, page: number): string {
  if (route === 'free') return `${baseUrl}/api/v2/language/models/free?page=${page}`;
  return page === 1 ? `${baseUrl}/api/v2/language/models` : `${baseUrl}/api/v2/language/models?page=${page}`;
}

/** AA rows, from the API and from the leaderboard page alike. */
export const AA_MODEL_RECORDS: RecordStore<'aa-model'> = {
  kind: 'aa-model',
  table: 'aa_observations',
  // AA re-points bare slugs to newer snapshots; only the UUID is stable.
  naturalKey: (r) => r.aaId,
  columns: (r) => ({
    slug: r.slug,
    name: r.name,
    index_version: r.indexVersion,
    coding_index: r.codingIndex,
    intelligence_index: r.intelligenceIndex,
    price_input_per_m: r.priceInputPerM,
    output_tokens_per_second: r.outputTokensPerSecond,
  }),
};

export const artificialAnalysis: Source<'aa-model', typeof AA_SOURCE_ID> = {
  id: AA_SOURCE_ID,
  kind: 'aa-model',
  title: 'Artificial Analysis API (language models)',
  optIn: false,
  records: AA_MODEL_RECORDS,
  maxAgeSeconds: 36 * 3600, // nightly job, with a night of slack
  requiresKey: {
    env: 'AA_API_KEY',
    isSet: (config) => Boolean(config.aaApiKey),
    meanwhile: 'curation falls back to the AA indices OpenRouter republishes',
  },
  // AA's Free quota is 100 requests a day; only the API has one.
  dailyRequestBudget: (config) => config.aaDailyBudget,
  async fetch(ctx) {
    try {
      return await fetchAllPages(ctx);
    } catch (error) {
      throw explainAaFailure(error, ctx.config.redact);
    }
  },
};

async function fetchAllPages(ctx: SourceContext): Promise<SourceResult<'aa-model'>> {
  const { config } = ctx;
  const headers: Record<string, string> = config.aaApiKey ? { 'x-api-key': config.aaApiKey } : {};
  // Every attempt, retries included, is counted against AA's daily quota before it is sent.
  const get = (url: string) =>
    ctx.http.get({ url, headers, beforeAttempt: () => ctx.budget.spend(), onResponse: (r) => ctx.budget.observe(r.headers) });

  let route: ListRoute = 'pro';
  let response: HttpResponse;
  try {
    response = await get(aaListUrl(config.aaBaseUrl, 'pro', 1));
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 403) throw error;
    const said = errorBodyMessage(error.response.body);
    ctx.log.info(config.redact(`${AA_SOURCE_ID}: reading the Free list (this key has no Pro access${said ? `: ${said}` : ''})`));
    route = 'free';
    response = await get(aaListUrl(config.aaBaseUrl, 'free', 1));
  }

  const listUrl = aaListUrl(config.aaBaseUrl, route, 1);
  const collector = createAaRowCollector();
  let first: AaPage | undefined;
  for (let pageNo = 1; ; pageNo++) {
    if (pageNo > 1) response = await get(aaListUrl(config.aaBaseUrl, route, pageNo));
    const page = readAaPage(parseJsonBody(response, AA_SOURCE_ID), response.url);
    checkConsistent(page, first, pageNo, response.url);
    first ??= page;
    collector.addPage(page.rows, page.indexVersion, `page ${pageNo}`);
    ctx.log.debug(`${AA_SOURCE_ID}: page ${pageNo}: ${page.rows.length} rows`);
    const more = page.pagination?.has_more === true;
    if (!more) {
      assertUsable(listUrl, collector);
      return {
        kind: 'aa-model',
        records: collector.records,
        dropped: collector.dropped,
        meta: { tier: first.tier, indexVersion: first.indexVersion, shape: first.shape, route, pages: pageNo, rows: collector.counts.rows },
      };
    }
    const totalPages = page.pagination?.total_pages;
    if (pageNo >= config.aaMaxPages || (totalPages !== undefined && totalPages > config.aaMaxPages)) {
      throw pageCapError(listUrl, pageNo, config.aaMaxPages, totalPages);
    }
  }
}

/** A server that ignores `page`, or re-versions the index mid-sync, must not be mixed into one field. */
function checkConsistent(page: AaPage, first: AaPage | undefined, pageNo: number, url: string): void {
  const served = page.pagination?.page;
  if (served !== undefined && served !== pageNo) {
    throw new ParetoError('schema', `asked ${url} for page ${pageNo} and got page ${served}`, {
      source: AA_SOURCE_ID,
      hint: 'the API is not paginating as documented; nothing was stored. Try again later',
    });
  }
  if (first && page.indexVersion !== first.indexVersion) {
    throw new ParetoError(
      'schema',
      `the intelligence index version changed while reading (page 1: ${first.indexVersion}, page ${pageNo}: ${page.indexVersion})`,
      { source: AA_SOURCE_ID, hint: 'AA re-versioned its index during the sync; scores of two versions cannot be mixed. Sync again' },
    );
  }
}

/** Stopping early would keep a partial field, which skews every percentile: fail instead. */
function pageCapError(listUrl: string, pagesRead: number, maxPages: number, totalPages: number | undefined): ParetoError {
  const total = totalPages === undefined ? '' : `, total_pages ${totalPages}`;
  return new ParetoError(
    'schema',
    `stopped after ${pagesRead} page(s) of ${listUrl}: the list still has more (has_more true${total}) and PARETO_AA_MAX_PAGES is ${maxPages}`,
    {
      source: AA_SOURCE_ID,
      hint: `a partial list would skew the percentiles, so nothing was stored. If AA really lists that many models, raise PARETO_AA_MAX_PAGES (each page costs one request of the daily quota)`,
    },
  );
}
