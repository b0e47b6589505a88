import { ParetoError, type ErrorCode } from '../errors.js';
import type { HttpResponse } from './types.js';

/** Status codes worth another attempt: the remote side is busy or broken for a moment. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 524, 529]);

/**
 * Whether a failed request may succeed if made again a little later: the network, a timeout, or a
 * server still failing (a 5xx above) after the client's own quick retries. A 429 we may not wait
 * out is not: it is left to the next scheduled run, and anything else (a bad key, a changed
 * schema) will not heal by itself. Takes the code and status a failure was classified with, so it
 * also judges failures that were kept as plain data (a sync's summary).
 */
export function isTransientFailure(code: string | null, status: number | undefined): boolean {
  if (code === 'network' || code === 'timeout') return true;
  return code === 'http' && status !== undefined && status >= 500 && TRANSIENT_STATUSES.has(status);
}

/** A non-2xx answer. Keeps the response so sources can branch on it (403 → Free list, 404 → skip). */
export class HttpError extends ParetoError {
  readonly response: HttpResponse;

  constructor(code: ErrorCode, message: string, response: HttpResponse, hint?: string) {
    super(code, message, { status: response.status, ...(hint ? { hint } : {}) });
    this.name = 'HttpError';
    this.response = response;
  }
}

/** Pulls the human message out of either error style: AA `{error: "…"}`, OpenRouter `{error: {message}}`. */
export function errorBodyMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (typeof error === 'string') return error;
      if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
    }
  } catch {
    // not JSON: fall through to the raw text below
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text ? text.slice(0, 200) : undefined;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = { 401: 'auth', 403: 'forbidden', 404: 'not_found', 410: 'gone', 429: 'rate_limited' };

/** Classifies a final non-2xx answer once, for every source. */
export function httpErrorFor(response: HttpResponse, redact: (text: string) => string): HttpError {
  const code = CODE_BY_STATUS[response.status] ?? 'http';
  const detail = errorBodyMessage(response.body);
  const where = redact(response.url);
  const message = `GET ${where} answered ${response.status}${detail ? `: ${redact(detail)}` : ''}`;
  let hint: string | undefined;
  if (response.status === 429) {
    const retryAfter = response.headers['retry-after'];
    hint = retryAfter ? `rate limited; the server asks to wait ${retryAfter} s before trying again` : 'rate limited; try again later';
  } else if (TRANSIENT_STATUSES.has(response.status)) {
    hint = 'the remote service is failing for now; the last good data is kept, try again later';
  }
  return new HttpError(code, message, response, hint);
}
