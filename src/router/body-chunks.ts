import type { Readable } from 'node:stream';

/**
 * An upstream body read one chunk at a time: `next()` takes what the stream has buffered, or
 * waits for its next `readable`. Nothing is read ahead beyond the stream's own buffer, so a slow
 * client slows the upstream read. It does what a `for await` over the stream does, without the
 * async iterator, which cost more to set up per answer than relaying a short stream.
 */
export interface BodyChunks {
  /** The next bytes, done at the end, or the stream's error (a body timeout, a reset). */
  next(): Promise<IteratorResult<Buffer, undefined>>;
  /** Stops reading and releases the upstream connection. */
  cancel(): void;
}

type Waiter = { resolve(r: IteratorResult<Buffer, undefined>): void; reject(e: unknown): void };

export function bodyChunks(body: Readable): BodyChunks {
  let ended = false;
  let failure: { error: unknown } | null = null;
  let waiting: Waiter | null = null;

  const settle = (w: Waiter) => {
    if (failure !== null) return w.reject(failure.error);
    const chunk = body.read() as Buffer | null;
    if (chunk !== null) return w.resolve({ done: false, value: chunk });
    if (ended) return w.resolve({ done: true, value: undefined });
    waiting = w;
  };
  const wake = () => {
    if (waiting === null) return;
    const w = waiting;
    waiting = null;
    settle(w);
  };
  body.on('readable', wake);
  body.once('end', () => {
    ended = true;
    wake();
  });
  body.once('error', (error: unknown) => {
    failure ??= { error: error ?? new Error('the upstream body broke off') };
    wake();
  });
  body.once('close', () => {
    if (!ended) failure ??= { error: new Error('the upstream body closed before its end') };
    wake();
  });
  return {
    next: () => new Promise((resolve, reject) => settle({ resolve, reject })),
    cancel: () => void body.destroy(),
  };
}
