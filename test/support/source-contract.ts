import { afterEach, describe, expect, it } from 'vitest';
import type { Source, SourceContext } from '../../src/sources/types.js';
import {
  scripted,
  startFixtureServer,
  type FixtureAnswer,
  type FixtureRequest,
  type FixtureRoute,
  type FixtureServer,
} from './fixture-server.js';
import { sourceFailure } from './source-context.js';

/**
 * The failures every HTTP source must handle the same way, written once (the way unstorage runs
 * one suite against every driver): refused key, rate limits short and long, a hanging server,
 * 5xx, truncated or non-JSON bodies, a renamed list, an empty list, and the key never leaking.
 * A source test file describes its API in a `HttpSourceUnderTest` and calls `httpSourceContract`;
 * what is particular to one API (AA's quota reset, OpenRouter's 404 per model) stays in its file.
 */
export interface HttpSourceUnderTest {
  readonly source: Source;
  /** The API key the source is configured with in these cases. */
  readonly key: string;
  /** The credential as the server received it (each API has its own header). */
  sentKey(req: FixtureRequest): string | undefined;
  /**
   * The loopback API: the request under test (for a paged or per-model source, one of several)
   * gets `answer`, every other request its normal answer. With `all`, every request gets `answer`.
   */
  api(answer: (req: FixtureRequest) => FixtureAnswer, scope?: 'target' | 'all'): FixtureRoute;
  isTarget(req: FixtureRequest): boolean;
  /** A context pointed at `baseUrl`, configured with `key` (null: none) and, when given, `retries` (default 2). */
  context(baseUrl: string, options: { key: string | null; retries?: number }): SourceContext & { log: { lines: string[] } };
  /** Checks what the source must do per request sent, beyond sending it (AA spends its daily budget). */
  spent?(ctx: SourceContext, requests: number): void;
  /** A good answer to the request under test, and how many records the run then returns. */
  ok(): object;
  readonly okRecords: number;
  /** The API's error body. */
  errorBody(status: number, message: string): object;
  /** The server's message as the source's error quotes it. */
  said(message: string): string;
  /** The key a refused run is configured with (AA refuses a missing key, OpenRouter a bad one). */
  readonly refusedKey: string | null;
  /** Error statuses that fail a run of this source, each tried with the key echoed back. */
  readonly leakStatuses: readonly number[];
  /** A good answer with its list emptied, and with its list renamed. */
  emptyList(): object;
  renamedList(): object;
  readonly expected: {
    readonly refused: { readonly message: RegExp; readonly hint: RegExp };
    readonly timeout: RegExp;
    readonly renamedList: RegExp;
    readonly renamedListHint: RegExp;
    readonly emptyList: RegExp;
  };
}

export function httpSourceContract(subject: HttpSourceUnderTest): void {
  const { source, key, expected } = subject;
  describe(`${source.id}: the HTTP source contract`, () => {
    let server: FixtureServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const serve = async (answer: (req: FixtureRequest) => FixtureAnswer, scope: 'target' | 'all' = 'target') => {
      server = await startFixtureServer(subject.api(answer, scope));
      return server;
    };
    const targets = () => server!.requests.filter((r) => subject.isTarget(r)).length;
    let ctx: SourceContext & { log: { lines: string[] } };
    const contextFor = (options: { key?: string | null; retries?: number } = {}) => {
      ctx = subject.context(server!.baseUrl, { ...options, key: options.key === undefined ? key : options.key });
      return ctx;
    };
    const fail = (options: { key?: string | null; retries?: number } = {}) => sourceFailure(source, contextFor(options));

    it('401: fails as auth, once, saying which key to set', async () => {
      await serve(() => ({ status: 401, body: subject.errorBody(401, 'No auth credentials found') }));
      const error = await fail({ key: subject.refusedKey });
      expect([error.code, error.status]).toEqual(['auth', 401]);
      expect(error.message).toMatch(expected.refused.message);
      expect(error.message).toContain(subject.said('No auth credentials found'));
      expect(error.hint).toMatch(expected.refused.hint);
      expect(targets()).toBe(1);
      expect(subject.sentKey(server!.requests[0]!)).toBe(subject.refusedKey ?? undefined);
    });

    it('429 with a short Retry-After is waited out and the next answer is used', async () => {
      await serve(
        scripted(
          { status: 429, body: subject.errorBody(429, 'Rate limit exceeded'), headers: { 'Retry-After': '1' } },
          { status: 200, body: subject.ok() },
        ),
      );
      const result = await source.fetch(contextFor());
      expect(result.records).toHaveLength(subject.okRecords);
      expect(targets()).toBe(2);
      subject.spent?.(ctx, server!.requests.length);
    });

    it('429 with a long Retry-After fails at once, with the wait in the message and hint', async () => {
      await serve(() => ({ status: 429, body: subject.errorBody(429, 'Rate limit exceeded'), headers: { 'Retry-After': '3600' } }));
      const error = await fail();
      expect(error.code).toBe('rate_limited');
      expect(error.message).toContain('Retry-After: 3600 s');
      expect(error.hint).toContain('wait 3600 s');
      expect(error.hint).toContain('Nothing was stored');
      expect(targets()).toBe(1);
    });

    it.each([
      [500, 'Internal Server Error'],
      [502, 'Provider returned error'],
      [503, 'Service temporarily unavailable'],
    ])('%d is retried, then fails as transient with the status and the server message', async (status, message) => {
      await serve(() => ({ status, body: subject.errorBody(status, message) }));
      const error = await fail();
      expect([error.code, error.status]).toEqual(['http', status]);
      expect(error.message).toContain(`answered ${status}${subject.said(message)}`);
      expect(error.hint).toContain('try again later');
      expect(targets()).toBe(3); // 1 + PARETO_HTTP_RETRIES (2)
      subject.spent?.(ctx, server!.requests.length);
    });

    it('a hanging server times out (300 ms), is retried, then fails', async () => {
      await serve(() => ({ hang: true }));
      const error = await fail({ retries: 1 });
      expect(error.code).toBe('timeout');
      expect(error.message).toMatch(expected.timeout);
      expect(error.hint).toContain('PARETO_HTTP_TIMEOUT_MS');
      expect(targets()).toBe(2);
      subject.spent?.(ctx, server!.requests.length);
    });

    it('truncated JSON is schema drift, named as truncated, never a shorter list', async () => {
      const text = JSON.stringify(subject.ok());
      const cut = Math.floor(text.length / 2);
      await serve(() => ({ status: 200, body: text.slice(0, cut) }));
      const error = await fail();
      expect(error.code).toBe('schema');
      expect(error.message).toMatch(new RegExp(`^${source.id}: .* returned truncated JSON \\(${cut} bytes\\)`));
      expect(error.hint).toContain('cut off');
    });

    it('a connection cut mid-body fails as a network error', async () => {
      const text = JSON.stringify(subject.ok());
      await serve(() => ({ status: 200, body: text, truncateAfter: Math.floor(text.length / 2) }));
      const error = await fail();
      expect(error.code).toBe('network');
      expect(error.message).toMatch(new RegExp(`^${source.id}: GET .* failed`));
    });

    it('a body that is not JSON is schema drift', async () => {
      await serve(() => ({ status: 200, body: '<html><body>Maintenance</body></html>', headers: { 'content-type': 'text/html' } }));
      const error = await fail();
      expect(error.code).toBe('schema');
      expect(error.message).toContain('invalid JSON');
    });

    it('a renamed list is schema drift naming the field', async () => {
      await serve(() => ({ status: 200, body: subject.renamedList() }));
      const error = await fail();
      expect(error.code).toBe('schema');
      expect(error.message).toMatch(expected.renamedList);
      expect(error.hint).toMatch(expected.renamedListHint);
    });

    it('an empty list is a failure, not "nothing today"', async () => {
      await serve(() => ({ status: 200, body: subject.emptyList() }), 'all');
      const error = await fail();
      expect(error.code).toBe('empty');
      expect(error.message).toMatch(expected.emptyList);
    });

    it('keeps the key out of errors, hints and logs, even when the server echoes it', async () => {
      const texts: string[] = [];
      const echo = (status: number): FixtureAnswer => ({
        status,
        body: subject.errorBody(status, `Invalid key ${key} (Bearer ${key})`),
        headers: { 'Retry-After': '3600' },
      });
      for (const answer of [...subject.leakStatuses.map(echo), { status: 200, body: `{"error":"${key}"` }, { hang: true } as const]) {
        await serve(() => answer);
        const error = await fail({ retries: 0 });
        // The key did travel (so a leak could be caught), in its header only.
        expect(subject.sentKey(server!.requests[0]!)).toBe(key);
        texts.push(error.message, error.hint ?? '', error.describe(), String(error.stack), ...ctx.log.lines);
        await server!.close();
        server = undefined;
      }
      expect(texts.join('\n')).toContain('[REDACTED]');
      expect(texts.filter((text) => text.includes(key))).toEqual([]);
      expect(texts.join('\n')).not.toContain(key.slice(-10));
    });
  });
}
