import { ResolveError } from './error.js';

/**
 * Session stickiness (SPEC §6.8): a session's pin is the (model, effort, provider) of its last
 * successful response; each success restarts the idle TTL; a failure changes nothing.
 *
 * The store owns the TTL and the clock, the resolver owns the policy (when to pin, when a pin
 * still applies). That split is what lets Redis replace the in-memory store without touching the
 * resolver: `SET key pin PX ttl` is the whole of `set`, and Redis expires keys on its own.
 *
 * Why a `mode` tag instead of "any method may return a value or a Promise": a store says once
 * whether it is synchronous, and the resolver's return types follow from it. With the in-memory
 * store, `resolve` returns a plain value — no promise and no microtask per request, which is
 * most of the cost at millions of resolves per second. With an async store (Redis), `resolve`
 * and `reportSuccess` always return promises, so callers never handle a "sometimes a promise".
 */
export interface StickyPin {
  readonly model: string;
  /** null = the model's default effort. */
  readonly effort: string | null;
  /** The provider that served the success, so the router can ask for it again; null = any. */
  readonly provider: string | null;
}

export interface SyncStickinessStore {
  readonly mode: 'sync';
  /** The session's live pin; an expired one is dropped and reads as undefined. Does not extend the TTL. */
  get(session: string): StickyPin | undefined;
  /** Pins (or re-pins) the session and restarts its idle TTL. */
  set(session: string, pin: StickyPin): void;
  delete(session: string): void;
}

export interface AsyncStickinessStore {
  readonly mode: 'async';
  get(session: string): Promise<StickyPin | undefined>;
  set(session: string, pin: StickyPin): Promise<void>;
  delete(session: string): Promise<void>;
}

export type StickinessStore = SyncStickinessStore | AsyncStickinessStore;

export const DEFAULT_STICKY_TTL_MS = 300_000;
export const DEFAULT_MAX_SESSIONS = 100_000;

export interface MemoryStickinessStoreOptions {
  /** Most sessions kept; past it the least recently used is evicted. Default 100,000. */
  readonly maxEntries?: number;
  /** Idle TTL of a pin in ms. Default 300,000 (5 minutes). */
  readonly ttlMs?: number;
  /** Clock in ms; injectable so tests can move time. Default Date.now. */
  readonly now?: () => number;
}

export interface MemoryStickinessStore extends SyncStickinessStore {
  /** Sessions held, counting expired pins not yet read or evicted. */
  readonly size: number;
  readonly ttlMs: number;
  readonly maxEntries: number;
}

interface Slot {
  pin: StickyPin;
  expiresAt: number;
}

/**
 * One process's pins. A Map keeps insertion order, so moving a key to the end on every use
 * makes the first key the least recently used: LRU eviction is `keys().next()`, O(1).
 */
export function createMemoryStickinessStore(options: MemoryStickinessStoreOptions = {}): MemoryStickinessStore {
  const ttlMs = options.ttlMs ?? DEFAULT_STICKY_TTL_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_SESSIONS;
  const now = options.now ?? Date.now;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0))
    throw new ResolveError(500, 'ttlMs', `ttlMs must be a positive number of milliseconds; got ${ttlMs}`);
  if (!(Number.isInteger(maxEntries) && maxEntries > 0))
    throw new ResolveError(500, 'maxEntries', `maxEntries must be a positive integer; got ${maxEntries}`);
  const slots = new Map<string, Slot>();

  function get(session: string): StickyPin | undefined {
    const slot = slots.get(session);
    if (slot === undefined) return undefined;
    slots.delete(session);
    if (now() >= slot.expiresAt) return undefined;
    slots.set(session, slot);
    return slot.pin;
  }

  function set(session: string, pin: StickyPin): void {
    const expiresAt = now() + ttlMs;
    const slot = slots.get(session);
    if (slot === undefined) {
      slots.set(session, { pin, expiresAt });
    } else {
      slots.delete(session);
      slot.pin = pin;
      slot.expiresAt = expiresAt;
      slots.set(session, slot);
    }
    if (slots.size > maxEntries) {
      const oldest = slots.keys().next();
      if (!oldest.done) slots.delete(oldest.value);
    }
  }

  return {
    mode: 'sync',
    get,
    set,
    delete: (session) => void slots.delete(session),
    get size() {
      return slots.size;
    },
    ttlMs,
    maxEntries,
  };
}

/**
 * The store a resolver uses: the one given, or a built-in in-memory store configured by the
 * resolver's `stickyTtlMs` and `now`. Both options next to a given store would be silently
 * ignored, so that is a configuration error instead.
 */
export function resolverStore(
  store: StickinessStore | undefined,
  stickyTtlMs: number | undefined,
  now: (() => number) | undefined,
): StickinessStore {
  if (store !== undefined) {
    const extra = stickyTtlMs !== undefined ? 'stickyTtlMs' : now !== undefined ? 'now' : null;
    if (extra !== null)
      throw new ResolveError(
        500,
        extra,
        `${extra} configures the built-in in-memory store; a store you pass owns its TTL and clock, so set it there`,
      );
    return store;
  }
  const ttlMs = stickyTtlMs ?? DEFAULT_STICKY_TTL_MS;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0))
    throw new ResolveError(500, 'stickyTtlMs', `stickyTtlMs must be a positive number of milliseconds; got ${ttlMs}`);
  return createMemoryStickinessStore({ ttlMs, now });
}
