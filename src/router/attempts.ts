import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { answerFields, looksLikeObject, PARSE_WHOLE, type AnswerFields } from './answer-fields.js';
import type { OutgoingBody } from './body-parts.js';
import type { Cancellation } from './cancellation.js';
import { decide, type AttemptOutcome, type FallbackReason } from './fallback-policy.js';
import { routerError } from './openai-error.js';
import { readToFirstEvent, relayRest, streamReader } from './relay-stream.js';
import { providerOf } from './sse.js';
import type { Upstream } from './upstream.js';
import { AnswerTooLargeError } from './upstream-body.js';
import { usageOf, type Usage } from './usage.js';
import { writeHead } from './write-head.js';

/**
 * Runs a request's attempts in chain order (SPEC §10.3) and answers the client: the first
 * success is relayed; a failure before the commit point asks the fallback policy; when it says
 * stop, the last attempt's upstream error is relayed as OpenRouter sent it (status, body,
 * Retry-After), or ours when no upstream answered, with `x-should-retry: false` so SDK retries do
 * not multiply upstream calls.
 */
export interface Attempt {
  readonly model: string;
  readonly effort: string | null;
  body(): OutgoingBody;
}

export interface AttemptsInput {
  readonly upstream: Upstream;
  readonly res: ServerResponse;
  readonly upstreamHeaders: Readonly<Record<string, string>>;
  readonly attempts: readonly Attempt[];
  readonly signal: Cancellation;
  /** Headers of the answer, for the attempt that produced it (1-based). */
  readonly answerHeaders: (attempt: number) => Record<string, string>;
  readonly onFallback: (reason: FallbackReason) => void;
  readonly onFirstByte: (seconds: number) => void;
  /** Wall-clock ms, for the timestamp of an error chunk of ours. */
  readonly now: () => number;
  /** Monotonic ms, for durations. */
  readonly clock: () => number;
  /** Called once an answer is committed to the client: no attempt can follow, their bodies may go. */
  readonly onCommit?: () => void;
}

export interface AttemptsResult {
  /** Status the client got. */
  readonly status: number;
  /** Attempts made (1–3). */
  readonly attempts: number;
  /** The attempt whose answer the client got; null when the router answered itself. */
  readonly answered: number | null;
  /** A complete, error-free answer: what stickiness pins. */
  readonly success: boolean;
  readonly provider: string | null;
  /** What the answer reported it cost; null when it did not (an error, a stream cut before its last chunk). */
  readonly usage: Usage | null;
  readonly fallbacks: readonly FallbackReason[];
  /** How the answer ended when it was not a clean success. */
  readonly outcome: 'ok' | 'upstream_error' | 'stream_error' | 'router_error' | 'client_gone';
}

/** Headers of an upstream answer the client should see; hop-by-hop and length are ours to set. */
const RELAYED_HEADERS = [
  'content-type',
  'retry-after',
  'retry-after-ms',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-generation-id',
];

const NO_CACHE = { 'cache-control': 'no-cache' };
/** On a final failure every attempt this router makes has been made: a client retry would only repeat them. */
const SHOULD_NOT_RETRY = { 'x-should-retry': 'false' };

/**
 * Every result in one object literal of one shape. Not `{ ...shared, status, … }`: on Node 20's
 * V8 a literal that adds members after a spread takes the runtime's slow path on every call
 * (about 1 µs each, measured), and the router builds one per request.
 */
function ended(
  fallbacks: readonly FallbackReason[],
  status: number,
  attempts: number,
  answered: number | null,
  outcome: AttemptsResult['outcome'],
  served: { readonly success: boolean; readonly provider: string | null; readonly usage: Usage | null } = NOT_SERVED,
): AttemptsResult {
  return {
    status,
    attempts,
    answered,
    success: served.success,
    provider: served.provider,
    usage: served.usage,
    fallbacks,
    outcome,
  };
}
const NOT_SERVED = { success: false, provider: null, usage: null };

export async function runAttempts(input: AttemptsInput): Promise<AttemptsResult> {
  const { res, attempts } = input;
  const fallbacks: FallbackReason[] = [];
  let last: Failure = { kind: 'own', status: 502, code: 'upstream_unreachable', message: 'no attempt was made' };
  for (let i = 0; i < attempts.length; i++) {
    const number = i + 1;
    const attempt = attempts[i]!;
    const started = input.clock();
    const answer = await input.upstream.post({
      path: '/chat/completions',
      headers: input.upstreamHeaders,
      body: attempt.body(),
      signal: input.signal,
    });
    let outcome: AttemptOutcome;
    if (!answer.ok) {
      outcome = answer.outcome;
      const timeout = outcome.kind === 'timeout';
      last = {
        kind: 'own',
        status: timeout ? 504 : 502,
        code: timeout ? 'upstream_timeout' : 'upstream_unreachable',
        message: answer.message,
      };
    } else {
      input.onFirstByte((input.clock() - started) / 1000);
      const headers = relayed(answer.headers);
      if (answer.status < 200 || answer.status >= 300) {
        outcome = { kind: 'status', status: answer.status };
        const { bytes, error } = await answer.body.whole();
        last =
          error instanceof AnswerTooLargeError
            ? { kind: 'own', status: 502, code: 'upstream_answer_too_large', message: error.message }
            : { kind: 'upstream', status: answer.status, headers, body: bytes };
      } else if (String(answer.headers['content-type'] ?? '').includes('text/event-stream')) {
        const reader = streamReader(answer.body);
        const start = await readToFirstEvent(reader);
        if (start.kind === 'data') {
          writeHead(res, answer.status, headers, NO_CACHE, input.answerHeaders(number));
          input.onCommit?.();
          for (const chunk of start.held) res.write(chunk);
          const relay = await relayRest(reader, res, start.events, start.rest, attempt.model, input.now);
          const gone = relay.failure !== null && input.signal.aborted;
          const clean = relay.done && !relay.upstreamError && relay.failure === null;
          return ended(fallbacks, answer.status, number, number, gone ? 'client_gone' : clean ? 'ok' : 'stream_error', {
            success: clean,
            provider: relay.provider,
            usage: relay.usage,
          });
        }
        if (start.kind === 'failed') {
          const failure = failureOfStream(start.error, input.signal);
          outcome = failure;
          last = { kind: 'own', status: 504, code: 'upstream_timeout', message: 'the upstream stream broke before its first event' };
        } else {
          outcome = { kind: 'error-event' };
          // An error as the first event (or no event at all) on a 200: a failed attempt. If it is
          // the last, the client gets it as sent: the held bytes, then whatever else comes.
          last = { kind: 'stream', status: answer.status, headers, held: start.held, reader };
        }
      } else {
        const { bytes, error } = await answer.body.whole();
        // An error object in a 200 must be found before anything is sent. One pass over the
        // bytes (answer-fields.ts) finds any "error" key and reads what stickiness and the spend
        // counters need; only an answer with an error key, an escape or a doubt is parsed whole.
        const object = error === null && looksLikeObject(bytes);
        const read = object ? answerFields(bytes) : PARSE_WHOLE;
        const parsed = object && read === PARSE_WHOLE ? jsonObject(bytes) : null;
        if (error instanceof AnswerTooLargeError) {
          outcome = { kind: 'invalid-answer' };
          last = { kind: 'own', status: 502, code: 'upstream_answer_too_large', message: error.message };
        } else if (error !== null) {
          // A 200 cut short: nothing has been sent, so it is a failed attempt like a dropped connection.
          outcome = failureOfStream(error, input.signal);
          last = { kind: 'own', status: 502, code: 'upstream_unreachable', message: 'the upstream answer broke off before its end' };
        } else if (!object || (read === PARSE_WHOLE && parsed === null)) {
          // Relayed, it would be a success to the client's SDK that fails to parse, and a pin.
          outcome = { kind: 'invalid-answer' };
          last = {
            kind: 'own',
            status: 502,
            code: 'upstream_invalid_answer',
            message: invalidAnswer(answer.status, answer.headers, bytes),
          };
        } else if (parsed !== null && typeof parsed.error === 'object' && parsed.error !== null) {
          outcome = { kind: 'error-event' };
          last = { kind: 'upstream', status: answer.status, headers, body: bytes };
        } else {
          writeHead(res, answer.status, headers, { 'content-length': String(bytes.length) }, input.answerHeaders(number));
          res.end(bytes);
          const fields = read === PARSE_WHOLE ? fieldsOf(parsed) : read;
          return ended(fallbacks, answer.status, number, number, 'ok', {
            success: true,
            provider: fields.provider,
            usage: fields.usage,
          });
        }
      }
    }
    const decision = decide(outcome, { attempt: number, chainLength: attempts.length, committed: false });
    if (decision.action === 'next') {
      fallbacks.push(decision.reason);
      input.onFallback(decision.reason);
      if (last.kind === 'stream') last.reader.chunks.cancel();
      continue;
    }
    if (decision.action === 'stop' && decision.why === 'aborted') {
      if (!res.headersSent && !res.destroyed) res.destroy();
      return ended(fallbacks, 499, number, null, 'client_gone');
    }
    return sendFailure(input, last, number, fallbacks);
  }
  return sendFailure(input, last, attempts.length, fallbacks);
}

type Failure =
  | { readonly kind: 'own'; readonly status: number; readonly code: string; readonly message: string }
  | { readonly kind: 'upstream'; readonly status: number; readonly headers: Record<string, string>; readonly body: Buffer }
  | {
      readonly kind: 'stream';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly held: Buffer[];
      readonly reader: ReturnType<typeof streamReader>;
    };

async function sendFailure(
  input: AttemptsInput,
  failure: Failure,
  attempts: number,
  fallbacks: readonly FallbackReason[],
): Promise<AttemptsResult> {
  const { res } = input;
  const answerHeaders = input.answerHeaders(attempts);
  if (failure.kind === 'own') {
    const own = routerError(failure.status, failure.code, `${failure.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`);
    const text = JSON.stringify(own.body);
    writeHead(
      res,
      own.status,
      { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
      answerHeaders,
      SHOULD_NOT_RETRY,
    );
    res.end(text);
    return ended(fallbacks, own.status, attempts, null, 'router_error');
  }
  if (failure.kind === 'upstream') {
    writeHead(res, failure.status, failure.headers, { 'content-length': String(failure.body.length) }, answerHeaders, SHOULD_NOT_RETRY);
    res.end(failure.body);
    return ended(fallbacks, failure.status, attempts, attempts, 'upstream_error');
  }
  writeHead(res, failure.status, failure.headers, NO_CACHE, answerHeaders, SHOULD_NOT_RETRY);
  for (const chunk of failure.held) res.write(chunk);
  // Relayed as sent; an error event counts as the stream's end, so no chunk of ours is added.
  await relayRest(failure.reader, res, [{ kind: 'error', code: null, message: '' }], [], '', input.now);
  return ended(fallbacks, failure.status, attempts, attempts, 'upstream_error');
}

function failureOfStream(error: unknown, signal: Cancellation): AttemptOutcome {
  if (signal.aborted) return { kind: 'aborted' };
  const code = (error as { code?: unknown })?.code;
  return code === 'UND_ERR_BODY_TIMEOUT' ? { kind: 'timeout', phase: 'idle' } : { kind: 'connect-error' };
}

/** What came instead of a JSON object, by its media type and size; never its text, which could be anything. */
function invalidAnswer(status: number, headers: IncomingHttpHeaders, bytes: Buffer): string {
  const type = /^[\w.+-]+\/[\w.+-]+/.exec(String(headers['content-type'] ?? ''))?.[0];
  const what = bytes.length === 0 ? 'an empty body' : `${bytes.length} bytes${type ? ` of ${type}` : ''} that are no JSON object`;
  return `the upstream answered ${status} with ${what}`;
}

function relayed(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RELAYED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function fieldsOf(parsed: Record<string, unknown> | null): AnswerFields {
  return parsed === null ? NO_FIELDS : { provider: providerOf(parsed), usage: usageOf(parsed) };
}
const NO_FIELDS: AnswerFields = { provider: null, usage: null };

function jsonObject(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
