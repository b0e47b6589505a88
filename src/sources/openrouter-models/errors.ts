import { ParetoError, type ErrorCode } from '../../errors.js';
import { errorBodyMessage, HttpError } from '../../http/errors.js';
import type { Redactor } from '../../util/redact.js';

export interface ExplainOptions {
  readonly redact: Redactor;
  /** Whether an Authorization header was sent. */
  readonly keySent: boolean;
}

/**
 * Turns a failed OpenRouter request into a message that names the source and says what to do.
 * The HTTP client already classified it (code, status, retries done); here 401/403 get the
 * key's meaning (both routes are public, so a refused key is one that was sent and is wrong).
 * Every text is redacted, since OpenRouter may echo a key back in an error body.
 */
export function explainOpenRouterFailure(error: unknown, source: string, options: ExplainOptions): unknown {
  if (!(error instanceof ParetoError)) return error;
  const { redact } = options;
  if (!(error instanceof HttpError)) {
    // Parse failures already carry the source; timeouts and network errors get it here.
    const text = error.source === source ? error.detail : error.message;
    return rewrap(error, source, error.code, redact(text), error.hint && redact(error.hint));
  }
  const { status, url, headers } = error.response;
  const body = errorBodyMessage(error.response.body);
  const said = body ? ` (OpenRouter said: "${redact(body)}")` : '';
  const where = `GET ${redact(url)} answered ${status}${said}`;
  switch (status) {
    case 401:
      return rewrap(
        error,
        source,
        'auth',
        `${where}: the API key was refused`,
        options.keySent
          ? 'OPENROUTER_API_KEY is set but OpenRouter does not accept it: fix it, or unset it (these routes are public; a key only unlocks endpoint latency and throughput)'
          : 'OpenRouter asked for a key: set OPENROUTER_API_KEY (create one at https://openrouter.ai/settings/keys)',
      );
    case 403:
      return rewrap(
        error,
        source,
        'forbidden',
        `${where}: access denied`,
        'the key may be disabled or lack permission, or the request was blocked; check it at https://openrouter.ai/settings/keys, or unset OPENROUTER_API_KEY (these routes are public)',
      );
    case 404:
      return rewrap(
        error,
        source,
        'not_found',
        `${where}: no such route`,
        'check OPENROUTER_BASE_URL (normally https://openrouter.ai/api/v1)',
      );
    case 429: {
      const wait = retryAfterText(headers['retry-after'], redact);
      return rewrap(
        error,
        source,
        'rate_limited',
        `${where}: rate limited${wait}`,
        `${error.hint ?? 'rate limited; try again later'}. Nothing was stored`,
      );
    }
    default:
      return rewrap(error, source, error.code, where, error.hint);
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
function retryAfterText(value: string | undefined, redact: Redactor): string {
  const trimmed = value?.trim();
  if (!trimmed) return '';
  return /^\d+(\.\d+)?$/.test(trimmed) ? ` (Retry-After: ${trimmed} s)` : ` (Retry-After: until ${redact(trimmed)})`;
}

/**
 * The HTTP error is not kept as the cause: its response body may hold an echoed key, and the
 * pipeline's recorder has already kept the raw answer for diagnosis.
 */
function rewrap(error: ParetoError, source: string, code: ErrorCode, message: string, hint: string | undefined): ParetoError {
  const options = { source, ...(hint ? { hint } : {}), ...(error.status ? { status: error.status } : {}) };
  return new ParetoError(code, message, error instanceof HttpError ? options : { ...options, cause: error });
}
