import type { Dispatcher } from 'undici';

/**
 * An upstream answer's body, fed by undici's dispatch handler: chunks queue here as they arrive
 * and are taken whole (a JSON answer) or as they come (a stream). Past a high-water mark the
 * connection is paused until the reader catches up, so a slow client slows the upstream read
 * and memory stays at a chunk or two. It replaces undici's `request()` stream, which cost more
 * to set up and feed per answer than the router spends relaying a short one.
 */
export interface UpstreamBody {
  /** All that has arrived since the last call, done at the end, or the body's error (a body timeout, a reset). */
  next(): Promise<IteratorResult<Buffer, undefined>>;
  /**
   * The rest of the body in one buffer, with the error that cut it short, if one did. Past the
   * answer limit it stops reading, lets the connection go and fails with `AnswerTooLargeError`:
   * an upstream that never ends its answer must not fill the router's memory.
   */
  whole(): Promise<{ bytes: Buffer; error: unknown }>;
  /** Stops reading and releases the upstream connection. */
  cancel(): void;
}

/** The side undici's handler writes to. */
export interface UpstreamBodyFeed {
  data(chunk: Buffer): void;
  end(): void;
  fail(error: unknown): void;
}

const HIGH_WATER_BYTES = 64 * 1024;

export class AnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the upstream answer passed ${limit} bytes (PARETO_MAX_ANSWER_BYTES) before its end`);
    this.name = 'AnswerTooLargeError';
  }
}

type Waiter = (settled: { chunk: Buffer | null; error: unknown }) => void;

export function upstreamBody(
  controller: Dispatcher.DispatchController,
  maxWholeBytes = Number.POSITIVE_INFINITY,
): { body: UpstreamBody; feed: UpstreamBodyFeed } {
  let queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let waiting: Waiter | null = null;

  const take = (): Buffer => {
    const chunk = queue.length === 1 ? queue[0]! : Buffer.concat(queue, queued);
    queue = [];
    queued = 0;
    if (controller.paused && !controller.aborted) controller.resume();
    return chunk;
  };
  const settle = (w: Waiter): boolean => {
    if (queued > 0) w({ chunk: take(), error: null });
    else if (failure !== null) w({ chunk: null, error: failure.error });
    else if (ended) w({ chunk: null, error: null });
    else return false;
    return true;
  };
  const wake = () => {
    if (waiting !== null && settle(waiting)) waiting = null;
  };
  // undici hands over a socket read's chunks one call each, all in one turn: the reader is woken
  // after the last of them, so it relays them in one write rather than one write per SSE event.
  let wakeQueued = false;
  const wakeSoon = () => {
    if (wakeQueued || waiting === null) return;
    wakeQueued = true;
    queueMicrotask(() => {
      wakeQueued = false;
      wake();
    });
  };
  const wait = () =>
    new Promise<{ chunk: Buffer | null; error: unknown }>((resolve) => {
      if (!settle(resolve)) waiting = resolve;
    });

  const body: UpstreamBody = {
    async next() {
      const { chunk, error } = await wait();
      if (chunk !== null) return { done: false, value: chunk };
      if (error !== null) throw error;
      return { done: true, value: undefined };
    },
    async whole() {
      const chunks: Buffer[] = [];
      let size = 0;
      for (;;) {
        const { chunk, error } = await wait();
        if (chunk === null) return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), error };
        size += chunk.length;
        if (size > maxWholeBytes) {
          body.cancel();
          return { bytes: Buffer.alloc(0), error: new AnswerTooLargeError(maxWholeBytes) };
        }
        chunks.push(chunk);
      }
    },
    cancel() {
      ended = true;
      queue = [];
      queued = 0;
      if (!controller.aborted) controller.abort(new Error('the router stopped reading this answer'));
    },
  };
  const feed: UpstreamBodyFeed = {
    data(chunk) {
      if (ended) return;
      queue.push(chunk);
      queued += chunk.length;
      // Nobody is reading fast enough: stop the socket until they are.
      if (queued >= HIGH_WATER_BYTES && !controller.paused) controller.pause();
      wakeSoon();
    },
    end() {
      ended = true;
      wake();
    },
    fail(error) {
      failure ??= { error: error ?? new Error('the upstream body broke off') };
      wake();
    },
  };
  return { body, feed };
}
