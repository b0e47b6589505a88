/**
 * Resolves after `ms`, or at once when `signal` aborts: a shutdown must not wait out a backoff.
 * It clears its timer either way, since a pending timer would keep a stopped process alive until it fires.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
