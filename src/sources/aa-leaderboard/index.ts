import { ParetoError } from '../../errors.js';
import { HttpError } from '../../http/errors.js';
import { AA_MODEL_RECORDS, AA_SOURCE_ID } from '../artificial-analysis/index.js';
import type { Source } from '../types.js';
import { LEADERBOARD_SOURCE_ID } from './source-id.js';

export { leaderboardRowToApiRow } from './to-row.js';

/**
 * Opt-in fallback: AA's public leaderboard page, parsed without a key. AA's terms restrict
 * automated scraping, so it only runs when named; prefer the API or OpenRouter's republished
 * AA indices.
 */
export const aaLeaderboard: Source<'aa-model', typeof LEADERBOARD_SOURCE_ID> = {
  id: LEADERBOARD_SOURCE_ID,
  kind: 'aa-model',
  title: 'Artificial Analysis leaderboard page (opt-in HTML fallback)',
  optIn: true,
  records: AA_MODEL_RECORDS,
  maxAgeSeconds: 36 * 3600,
  // When listed, it runs in the nightly AA job.
  runsWith: AA_SOURCE_ID,
  async fetch(ctx) {
    const url = `${ctx.config.aaBaseUrl}/leaderboards/models`;
    let body: string;
    let finalUrl: string;
    try {
      const response = await ctx.http.get({
        url,
        // No key: this is the public page, and the key must not travel where it is not needed.
        headers: { accept: 'text/html,application/xhtml+xml' },
        beforeAttempt: () => ctx.budget.spend(),
        onResponse: (r) => ctx.budget.observe(r.headers),
      });
      body = response.body;
      finalUrl = response.url;
    } catch (error) {
      throw explainPageFailure(error, ctx.config.redact);
    }
    // The HTML parser (cheerio) loads only when this opt-in source runs: every other sync and
    // command would pay its start-up cost for nothing.
    const { parseLeaderboardHtml } = await import('./parse.js');
    const result = parseLeaderboardHtml(body, finalUrl);
    ctx.log.info(`${LEADERBOARD_SOURCE_ID}: ${result.records.length} rows, Intelligence Index v${String(result.meta.indexVersion)}`);
    return { kind: 'aa-model', ...result };
  },
};

function explainPageFailure(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof ParetoError)) return error;
  let hint = error.hint;
  if (error instanceof HttpError && (error.status === 403 || error.status === 404)) {
    hint =
      error.status === 403
        ? 'the site refused the request (it restricts automated access); use the AA API or the AA indices OpenRouter republishes'
        : 'the leaderboard page moved; check AA_BASE_URL, or use the AA API or the AA indices OpenRouter republishes';
  }
  return new ParetoError(error.code, redact(error.message), {
    source: LEADERBOARD_SOURCE_ID,
    ...(hint ? { hint } : {}),
    ...(error.status ? { status: error.status } : {}),
    cause: error,
  });
}
