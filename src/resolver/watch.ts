import { parseShortlist } from '../artifact/load.js';
import type { Shortlist } from '../artifact/schema.js';
import { ParetoError } from '../errors.js';
import { readShortlistSource, shortlistHttpClient, type LoadShortlistOptions, type SourceValidators } from './load.js';

/**
 * Keeps a router on the latest good shortlist. It polls the source cheaply (a conditional GET,
 * or a stat before reading a file) and swaps in a new version only after it verifies. Anything
 * else (a failing host, a truncated or tampered file, an older version) leaves the version in
 * use untouched and is reported through `onError`: routing never stops because of a bad publish.
 */
export type RefreshOutcome = 'updated' | 'unchanged' | 'rejected';

/** Runs `callback` once after `ms` milliseconds; returns a function that cancels it. */
export type Schedule = (callback: () => void, ms: number) => () => void;

export interface WatchShortlistOptions extends LoadShortlistOptions {
  readonly intervalMs: number;
  readonly onUpdate: (shortlist: Shortlist, previous: Shortlist) => void;
  /**
   * A check that kept the current version: the source was invalid or not newer, or could not be
   * read. A failure to read is reported once, not at every poll, until the source answers again
   * (a publisher down for an hour would otherwise be 120 reports at a 30 s interval).
   */
  readonly onError: (error: ParetoError) => void;
  /** The source answers again after failing to, with the number of checks that failed. */
  readonly onRecovered?: (failedChecks: number) => void;
  /** Injected in tests; the default timer is unref'd so polling never keeps a process alive. */
  readonly schedule?: Schedule;
}

export interface ShortlistWatcher {
  current(): Shortlist;
  /** Checks the source now; checks never overlap, a second call waits for the first. */
  refresh(): Promise<RefreshOutcome>;
  /** Stops polling. `refresh()` still works, for a caller that checks on its own terms. */
  stop(): void;
}

/** Resolves once the first load verified; a first load that fails rejects with its error. */
export async function watchShortlist(pathOrUrl: string, options: WatchShortlistOptions): Promise<ShortlistWatcher> {
  if (!(Number.isFinite(options.intervalMs) && options.intervalMs > 0)) {
    throw new ParetoError('usage', `intervalMs must be a positive number of milliseconds, got ${options.intervalMs}`);
  }
  const source: LoadShortlistOptions = { http: shortlistHttpClient(options), headers: options.headers, redact: options.redact };
  const schedule = options.schedule ?? unrefTimer;
  const first = await readShortlistSource(pathOrUrl, source);
  let current = parseShortlist(first.text, first.origin);
  let validators: SourceValidators = first.validators;
  let stopped = false;
  let cancel: (() => void) | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  // The failure to read the source that was last reported, and how many checks it has failed.
  let unreadable: string | null = null;
  let failedChecks = 0;

  async function check(): Promise<RefreshOutcome> {
    let read: Awaited<ReturnType<typeof readShortlistSource>>;
    try {
      read = await readShortlistSource(pathOrUrl, source, validators);
    } catch (error) {
      if (!(error instanceof ParetoError)) throw error;
      failedChecks++;
      const message = error.describe();
      if (message !== unreadable) options.onError(error);
      unreadable = message;
      return 'rejected';
    }
    if (unreadable !== null) {
      options.onRecovered?.(failedChecks);
      unreadable = null;
      failedChecks = 0;
    }
    if (!read) return 'unchanged';
    // Remembered even when the text is rejected: the same bad answer is then reported once,
    // not at every poll, and a fixed one comes with new validators.
    validators = read.validators;
    const origin = read.origin;
    let next: Shortlist;
    try {
      next = parseShortlist(read.text, origin);
    } catch (error) {
      if (!(error instanceof ParetoError)) throw error;
      options.onError(error);
      return 'rejected';
    }
    const verdict = judge(current, next, origin);
    if (verdict === 'same') return 'unchanged';
    if (verdict instanceof ParetoError) {
      options.onError(verdict);
      return 'rejected';
    }
    const previous = current;
    current = next;
    options.onUpdate(next, previous);
    return 'updated';
  }

  function refresh(): Promise<RefreshOutcome> {
    const run = queue.then(check);
    queue = run.catch(() => undefined);
    return run;
  }

  function poll(): void {
    if (stopped) return;
    cancel = schedule(() => {
      if (stopped) return;
      // refresh() rejects only when onUpdate or onError throws: a bug in the caller, left to
      // surface as an unhandled rejection like any throwing timer callback, never hidden.
      void refresh().finally(poll);
    }, options.intervalMs);
  }

  poll();
  return {
    current: () => current,
    refresh,
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}

/**
 * Versions only move forward. An older one (a restored latest.json, a stale mirror) is ignored
 * so routing never flips back and forth between two copies; the same number with other content
 * breaks the rule that published versions are immutable, so neither copy is preferred over the
 * one already verified and in use.
 */
function judge(current: Shortlist, next: Shortlist, origin: string): 'same' | 'newer' | ParetoError {
  if (next.version > current.version) return 'newer';
  if (next.version === current.version && next.contentHash === current.contentHash) return 'same';
  if (next.version === current.version) {
    return new ParetoError(
      'schema',
      `${origin} serves version ${next.version} with other content (hash ${next.contentHash.slice(0, 12)}…, in use ${current.contentHash.slice(0, 12)}…); keeping the one in use`,
      { hint: 'published versions are immutable: publish the change as a new version' },
    );
  }
  return new ParetoError(
    'schema',
    `${origin} serves version ${next.version}, older than version ${current.version} in use; keeping version ${current.version}`,
    {
      hint: 'versions only move forward: to roll back, publish the old content again as a new version (or restart to start from this one)',
    },
  );
}

function unrefTimer(callback: () => void, ms: number): () => void {
  const timer = setTimeout(callback, ms);
  // Polling is background work: it must not keep a process alive that has nothing else to do.
  timer.unref();
  return () => clearTimeout(timer);
}
