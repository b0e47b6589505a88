import got, { RequestError, TimeoutError } from 'got';
import { ParetoError } from '../errors.js';
import type { Redactor } from '../util/redact.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { httpErrorFor, TRANSIENT_STATUSES } from './errors.js';
import { carriesCredentials, checkRedirect, redirectLocation } from './redirects.js';
import type { Fetcher, HttpRequest, HttpResponse } from './types.js';

/**
 * The one module that talks to got. It owns timeouts, retries with backoff and Retry-After,
 * the user agent, redirects (credentials never leave their origin) and redaction of secrets in
 * every error it raises.
 */
export interface HttpClientOptions {
  readonly timeoutMs: number;
  /** Extra attempts after the first, for transient statuses and connection errors. */
  readonly retries: number;
  /** A Retry-After longer than this is not waited out: the request fails with the hint instead. */
  readonly maxRetryAfterSeconds: number;
  readonly redact: Redactor;
  readonly userAgent?: string;
  /** Injected in tests so backoff costs no real time. Given the request's signal, it may end early on abort. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly baseBackoffMs?: number;
}

export const USER_AGENT = 'pareto-router/0.1 (+https://github.com/pareto-router/pareto-router)';

/** DNS failures and missing routes will not fix themselves within a run; refused, reset or cut connections may. */
const OFFLINE_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Failures worth another attempt (timeouts, refused/reset/cut connections), marked where they are made. */
const retryableFailures = new WeakSet<object>();
function retryable<E extends object>(error: E): E {
  retryableFailures.add(error);
  return error;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function backoffMs(attempt: number, base: number): number {
  // Exponential with a little jitter so parallel fetches do not retry in lockstep.
  return base * 2 ** attempt + Math.floor(Math.random() * base);
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function createHttpClient(options: HttpClientOptions): Fetcher {
  const sleep = options.sleep ?? abortableSleep;
  const baseBackoff = options.baseBackoffMs ?? 500;
  const redact = options.redact;

  /** One attempt: the request and the redirects it is allowed to follow (see redirects.ts). */
  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    const credentials = carriesCredentials(request.headers);
    let url = request.url;
    for (let hops = 0; ; hops++) {
      const response = await send(request, url);
      const next = redirectLocation(response.status, response.headers.location, url);
      if (next === undefined) return response;
      checkRedirect({ start: request.url, to: next, hops: hops + 1, credentials }, redact);
      url = next;
    }
  }

  async function send(request: HttpRequest, url: string): Promise<HttpResponse> {
    try {
      const res = await got(url, {
        headers: { 'user-agent': options.userAgent ?? USER_AGENT, accept: 'application/json', ...request.headers },
        timeout: { request: options.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: 'text',
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return { url: res.url, status: res.statusCode, headers: headersOf(res.headers), body: res.body };
    } catch (error) {
      if (request.signal?.aborted) throw interrupted(request.url);
      throw connectionError(error, request.url);
    }
  }

  function interrupted(url: string): ParetoError {
    return new ParetoError('interrupted', `GET ${redact(url)} was interrupted`, { hint: 'run the sync again' });
  }

  /** Waits before a retry; an abort ends the wait and the request at once. */
  async function pause(ms: number, request: HttpRequest): Promise<void> {
    const signal = request.signal;
    if (!signal) return sleep(ms);
    if (signal.aborted) throw interrupted(request.url);
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(interrupted(request.url));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // `aborted` listens first, so an abort rejects the race even when the sleep also ends on it.
      await Promise.race([sleep(ms, signal), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  function connectionError(error: unknown, url: string): ParetoError {
    const host = safeHost(url);
    if (error instanceof TimeoutError) {
      return retryable(
        new ParetoError('timeout', `GET ${redact(url)} timed out after ${options.timeoutMs} ms`, {
          hint: 'the service is slow or unreachable; raise PARETO_HTTP_TIMEOUT_MS or try again later',
        }),
      );
    }
    const code = error instanceof RequestError ? error.code : undefined;
    if (code && OFFLINE_ERRORS.has(code)) {
      return new ParetoError('network', `cannot reach ${host} (${code}): the network looks unreachable`, {
        hint: 'run `pareto sync --sample` to work offline from the bundled sample',
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    return retryable(
      new ParetoError('network', `GET ${redact(url)} failed${code ? ` (${code})` : ''}: ${redact(detail)}`, {
        hint: `check that ${host} is reachable, or run \`pareto sync --sample\` to work offline`,
      }),
    );
  }

  return {
    async get(request) {
      for (let attemptNo = 0; ; attemptNo++) {
        if (request.signal?.aborted) throw interrupted(request.url);
        request.beforeAttempt?.();
        let response: HttpResponse;
        try {
          response = await attempt(request);
        } catch (error) {
          if (retryableFailures.has(error as object) && attemptNo < options.retries) {
            await pause(backoffMs(attemptNo, baseBackoff), request);
            continue;
          }
          throw error;
        }
        request.onResponse?.(response);
        if (response.status >= 200 && response.status < 300) return response;
        if (!TRANSIENT_STATUSES.has(response.status) || attemptNo >= options.retries) throw httpErrorFor(response, redact);
        const wait = retryAfterSeconds(response.headers['retry-after']);
        // A long Retry-After (AA sends an hour when the daily quota is spent) is not waited out.
        if (wait !== undefined && wait > options.maxRetryAfterSeconds) throw httpErrorFor(response, redact);
        await pause(wait !== undefined ? wait * 1000 : backoffMs(attemptNo, baseBackoff), request);
      }
    },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the host';
  }
}
