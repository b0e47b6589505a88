import type { ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { UpstreamBody } from './upstream-body.js';
import type { Usage } from './usage.js';
import { classify, classifyAll, createSseScanner, errorChunk, type SseEvent, type SseScanner } from './sse.js';

/**
 * Reading an upstream SSE body: first up to the commit point (the first data event), then the
 * rest relayed chunk by chunk as it arrived, with backpressure: the next upstream chunk is read
 * only once the client took the last one, so a slow reader slows the upstream read and memory
 * stays at a chunk or two.
 */
export type StreamStart =
  /**
   * `events`: the comments before the first data event. `rest`: the events of the held bytes
   * from that data event on, not yet read for what stickiness and the spend counters need: that
   * is read once they are sent, so the first event reaches the client without a JSON.parse
   * before it (OpenRouter names the provider in every chunk, so the search for it would parse
   * the first one).
   */
  | { readonly kind: 'data'; readonly held: Buffer[]; readonly events: SseEvent[]; readonly rest: string[] }
  /** `events` up to the first error event; `rest`, the events after it. */
  | { readonly kind: 'error'; readonly held: Buffer[]; readonly events: SseEvent[]; readonly rest: string[] }
  | { readonly kind: 'ended'; readonly held: Buffer[] }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface StreamReader {
  readonly chunks: UpstreamBody;
  readonly scanner: SseScanner;
  readonly decoder: StringDecoder;
}

export function streamReader(body: UpstreamBody): StreamReader {
  return { chunks: body, scanner: createSseScanner(), decoder: new StringDecoder('utf8') };
}

/** Reads until the first data event (or an error event); comments before it are held, not lost. */
export async function readToFirstEvent(reader: StreamReader): Promise<StreamStart> {
  const held: Buffer[] = [];
  try {
    for (;;) {
      const next = await reader.chunks.next();
      if (next.done) return { kind: 'ended', held };
      held.push(next.value);
      // Classified only up to the commit decision: the rest waits until the bytes are relayed.
      const raw = reader.scanner.split(reader.decoder.write(next.value));
      const events: SseEvent[] = [];
      for (let i = 0; i < raw.length; i++) {
        // Is it a comment, data or an error: the commit decision, and all that is asked before it.
        const event = classify(raw[i]!, false);
        if (event === null) continue;
        if (event.kind === 'error') return { kind: 'error', held, events: [...events, event], rest: raw.slice(i + 1) };
        if (event.kind !== 'comment') return { kind: 'data', held, events, rest: raw.slice(i) };
        events.push(event);
      }
    }
  } catch (error) {
    return { kind: 'failed', error };
  }
}

export interface RelayResult {
  readonly done: boolean;
  readonly upstreamError: boolean;
  readonly provider: string | null;
  readonly usage: Usage | null;
  /** Why the stream broke (timeout, reset, client gone); null when it ended on its own. */
  readonly failure: unknown;
}

/**
 * After the commit: relays everything; a stream that dies without [DONE] gets our error chunk.
 * `seen` and `unclassified` are the events of the bytes already written.
 */
export async function relayRest(
  reader: StreamReader,
  res: ServerResponse,
  seen: readonly SseEvent[],
  unclassified: readonly string[],
  model: string,
  now: () => number,
): Promise<RelayResult> {
  const state = { done: false, upstreamError: false, provider: null as string | null, usage: null as Usage | null };
  const note = (events: readonly SseEvent[]) => {
    for (const e of events) {
      if (e.kind === 'done') state.done = true;
      else if (e.kind === 'error') state.upstreamError = true;
      else if (e.kind === 'data') {
        state.provider ??= e.provider;
        if (e.usage !== null) state.usage = e.usage;
      }
    }
  };
  note(seen);
  note(classifyAll(unclassified, state.provider === null));
  let failure: unknown = null;
  try {
    for (;;) {
      const next = await reader.chunks.next();
      if (next.done) break;
      if (res.destroyed) break;
      // Relayed first, read after: watching the stream never holds its bytes back.
      const flowing = res.write(next.value);
      note(classifyAll(reader.scanner.split(reader.decoder.write(next.value)), state.provider === null));
      if (!flowing) await drained(res);
    }
  } catch (error) {
    failure = error;
  }
  if (!state.done && !state.upstreamError && !res.destroyed) {
    const why = failure === null ? 'the upstream stream ended without [DONE]' : 'the upstream stream broke before [DONE]';
    res.write(errorChunk(model, why, Math.floor(now() / 1000)));
  }
  if (!res.destroyed) res.end();
  // Spelled out, not `{ ...state, failure }`: a member after a spread is V8's slow path (attempts.ts).
  return { done: state.done, upstreamError: state.upstreamError, provider: state.provider, usage: state.usage, failure };
}

/** Resolves when the client took the buffered bytes, or went away. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
