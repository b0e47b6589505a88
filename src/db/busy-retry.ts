/**
 * Runs `step` again while SQLite answers SQLITE_BUSY, for up to `budgetMs`. The busy timeout
 * covers most contention, but SQLite returns some busy answers at once, without waiting: a read
 * that must become a write after another process committed (SQLITE_BUSY_SNAPSHOT), a deadlock
 * it breaks by failing one side, a WAL file being recovered. Two schedulers opening one database
 * at the same moment met one of those. The step must be safe to repeat (pragmas, a migration in
 * its own transaction). The wait between tries blocks, as opening the database does anyway.
 */
export function retryWhileBusy<T>(step: () => T, options: { budgetMs?: number; pauseMs?: number; now?: () => number } = {}): T {
  const { budgetMs = 10_000, pauseMs = 25, now = Date.now } = options;
  const deadline = now() + budgetMs;
  for (;;) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || now() + pauseMs > deadline) throw error;
      Atomics.wait(PAUSE, 0, 0, pauseMs);
    }
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
