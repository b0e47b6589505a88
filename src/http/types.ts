import type { HttpResponse } from '../domain/http-response.js';

/** What every source sees of HTTP: one GET that returns the final 2xx answer or throws. */
export interface HttpRequest {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Called before every attempt, retries included, so a caller can count requests against a
   * quota and stop (by throwing) before one is sent.
   */
  readonly beforeAttempt?: () => void;
  /** Called with every answer, retries and failures included (rate-limit headers live there). */
  readonly onResponse?: (response: HttpResponse) => void;
  /** Aborts the request in flight and any wait before a retry (a shutdown must not wait them out). */
  readonly signal?: AbortSignal;
}

export type { HttpResponse } from '../domain/http-response.js';

export interface Fetcher {
  get(request: HttpRequest): Promise<HttpResponse>;
}
