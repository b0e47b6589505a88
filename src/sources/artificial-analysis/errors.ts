import { ParetoError } from '../../errors.js';
import { errorBodyMessage, HttpError } from '../../http/errors.js';
import type { Redactor } from '../../util/redact.js';
import { AA_SOURCE_ID } from './parse.js';

/**
 * Turns a failed AA request into a message that says what to do. The HTTP client already
 * classified it (code, status, retries done); here it gets AA's meaning: 401 is the key, 410 a
 * retired route, 429 the daily quota. Every text is redacted: AA may echo a key back.
 */
export function explainAaFailure(error: unknown, redact: Redactor): unknown {
  if (!(error instanceof ParetoError)) return error;
  if (!(error instanceof HttpError)) {
    // Parse failures already carry the source; timeouts and network errors get it here.
    if (error.source === AA_SOURCE_ID) {
      const detail = redact(error.detail);
      return detail === error.detail ? error : rewrap(error, error.code, detail, error.hint);
    }
    return rewrap(error, error.code, redact(error.message), error.hint);
  }
  const { status, headers, url } = error.response;
  const body = errorBodyMessage(error.response.body);
  const said = body ? ` (AA said: "${redact(body)}")` : '';
  const where = `GET ${redact(url)} answered ${status}${said}`;
  switch (status) {
    case 401:
      return rewrap(
        error,
        'auth',
        `${where}: AA_API_KEY is missing or invalid`,
        'set AA_API_KEY to your Artificial Analysis key (sent as x-api-key), or sync without AA (PARETO_SOURCES=openrouter-models,openrouter-endpoints) so curation uses the AA indices OpenRouter republishes',
      );
    case 403:
      return rewrap(
        error,
        'forbidden',
        `${where}: the key's plan does not include this list`,
        'check the tier of the key at artificialanalysis.ai; the Free list needs any valid key',
      );
    case 404:
      return rewrap(
        error,
        'not_found',
        `${where}: no such route`,
        'check AA_BASE_URL (normally https://artificialanalysis.ai); if AA moved the list, update src/sources/artificial-analysis',
      );
    case 410:
      return rewrap(
        error,
        'gone',
        `${where}: AA retired this route${retirement(headers, redact)}`,
        'GET /api/v2/language/models/free (any key) and /api/v2/language/models (Pro) replace the retired /api/v2/data/* routes; if AA has moved the list again, update src/sources/artificial-analysis (see its readme)',
      );
    case 429:
      return rewrap(
        error,
        'rate_limited',
        `${where}: AA's rate limit is reached${retryAfter(headers)}`,
        `AA allows 100 requests a day on Free (500 on Pro); ${waitHint(headers)}. Nothing was stored`,
      );
    default:
      return rewrap(error, error.code, `${where}`, error.hint);
  }
}

function rewrap(error: ParetoError, code: ParetoError['code'], message: string, hint: string | undefined): ParetoError {
  return new ParetoError(code, message, {
    source: AA_SOURCE_ID,
    ...(hint ? { hint } : {}),
    ...(error.status ? { status: error.status } : {}),
    cause: error,
  });
}

/** `sunset` and `link` are what AA sent with its retirement notices (APIS §1.2). */
function retirement(headers: Readonly<Record<string, string>>, redact: Redactor): string {
  const parts: string[] = [];
  if (headers.sunset) parts.push(`sunset ${redact(headers.sunset)}`);
  if (headers.deprecation) parts.push(`deprecated ${redact(headers.deprecation)}`);
  const link = headers.link ? (/<([^>]+)>/.exec(headers.link)?.[1] ?? headers.link) : undefined;
  if (link) parts.push(`migration notice: ${redact(link)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Retry-After is either delta-seconds or an HTTP date. */
function retryAfterText(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? `${value} s` : `until ${value}`;
}

function retryAfter(headers: Readonly<Record<string, string>>): string {
  const text = retryAfterText(headers);
  return text ? ` (Retry-After: ${text})` : '';
}

function waitHint(headers: Readonly<Record<string, string>>): string {
  const reset = Number(headers['x-ratelimit-reset']);
  const resetAt = Number.isFinite(reset) && reset > 0 ? ` (the quota resets at ${new Date(reset * 1000).toISOString()})` : '';
  const text = retryAfterText(headers);
  return text ? `wait ${text} before syncing again${resetAt}` : `try again later${resetAt}`;
}
