import { hash } from 'node:crypto';
import { createClient } from 'redis';
import { ParetoError } from '../errors.js';
import { DEFAULT_STICKY_TTL_MS, type AsyncStickinessStore, type StickyPin } from '../resolver/stickiness.js';
import { silentLogger, type Logger } from '../util/log.js';
import { createRedactor, type Redactor } from '../util/redact.js';

/**
 * Session pins in Redis, shared by every router instance that points at the same server
 * (SPEC §6.8, §10.4). A lookup is one `GET` and refreshes nothing; a success is one
 * `SET key pin PX ttl`, so Redis owns the idle TTL; a dropped pin is one `DEL`.
 *
 * Keys are `<namespace>:<sha256 hex of the session key>`: Redis never holds a raw session id
 * (or anything derived from a prompt that could be read back). Values are the pin as JSON,
 * validated on read, so a foreign or corrupted value reads as "no pin", never as a crash.
 *
 * Redis is an optimisation, not a dependency of serving: when it is down or slow every call
 * still settles within `commandTimeoutMs` (get → undefined, set/delete → resolved), the request
 * is served unsticky, and the client reconnects in the background with a capped backoff.
 */
export interface RedisStickinessStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`; the password never reaches a log, error or health(). */
  url: string;
  /** Idle TTL of a pin, whole milliseconds. Default 300,000 (5 minutes). */
  ttlMs?: number;
  /** Key prefix, so several deployments (or versions of the pin format) can share one Redis. */
  namespace?: string;
  log?: Logger;
  /** Upper bound of one command, from call to answer. Default 100 ms: a router must not stall on Redis. */
  commandTimeoutMs?: number;
}

export interface RedisStickinessStore extends AsyncStickinessStore {
  readonly ttlMs: number;
  /** For /readyz and /metrics: `errors` counts failed or timed-out commands, `outages` the times Redis went from usable to not. */
  health(): { readonly ok: boolean; readonly error: string | null; readonly errors: number; readonly outages: number };
  close(): Promise<void>;
}

export const DEFAULT_REDIS_NAMESPACE = 'pareto:sticky:v1';
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 100;
/** Bounds how long start-up waits for the first connection attempt (and each reconnect attempt). */
const CONNECT_TIMEOUT_MS = 1000;
/** Commands written but unanswered (a stalled server) stay queued in the client; past this they are refused at once. */
const MAX_PENDING_COMMANDS = 4096;

/** 50 ms, doubling, capped at 1 s: quick to recover from a restart, cheap while Redis stays down. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** Math.min(retries, 10), 1000);
}

/**
 * Resolves once the first connection attempt has either succeeded or failed, or after a second
 * when it has done neither, never later: a router starting while Redis is down serves unsticky at once, reports
 * not ok, and picks Redis up when it appears. Rejects only for bad options.
 */
export async function createRedisStickinessStore(options: RedisStickinessStoreOptions): Promise<RedisStickinessStore> {
  const { url, redact } = parseUrl(options.url);
  const ttlMs = positiveInteger('ttlMs', options.ttlMs ?? DEFAULT_STICKY_TTL_MS);
  const commandTimeoutMs = positiveInteger('commandTimeoutMs', options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS);
  const namespace = options.namespace ?? DEFAULT_REDIS_NAMESPACE;
  if (namespace.length === 0)
    throw new ParetoError('config', 'the Redis namespace must not be empty', { hint: `leave it out to use ${DEFAULT_REDIS_NAMESPACE}` });
  const log = options.log ?? silentLogger;

  const client = connectable(url, redact);
  const health = createHealth(log, redact);
  // node-redis emits 'error' for every failed (re)connect; an EventEmitter without a listener
  // would throw it and take the process down.
  client.on('error', (error: unknown) => health.down(describe(error), false));
  client.on('ready', () => health.up());
  // A server that accepts the connection but never answers the handshake (stalled, or not Redis)
  // would hold the first attempt open indefinitely: start-up waits for it only so long.
  if (!(await firstAttempt(client, CONNECT_TIMEOUT_MS)))
    health.down(`Redis did not finish the connection handshake within ${CONNECT_TIMEOUT_MS} ms`, false);
  let closed = false;

  /** Every command settles within commandTimeoutMs; a failure is recorded and becomes `fallback`. */
  async function bounded<T>(run: () => Promise<T>, fallback: T): Promise<T> {
    if (closed) return fallback;
    try {
      // node-redis's own `timeout` option stops counting once a command is written, so a stalled
      // server would hold the caller forever; the race bounds the whole round trip.
      const value = await within(commandTimeoutMs, run());
      health.up();
      return value;
    } catch (error) {
      // A key of another type under our name is foreign data, like a garbage value: no pin,
      // and no reason to call Redis unavailable.
      if (describe(error).startsWith('WRONGTYPE')) return fallback;
      if (!closed) health.down(describe(error), true);
      return fallback;
    }
  }

  const keyOf = (session: string) => `${namespace}:${hash('sha256', session)}`;

  return {
    mode: 'async',
    ttlMs,
    get: async (session) => parsePin(await bounded(() => client.get(keyOf(session)), null)),
    set: async (session, pin) => {
      const value = JSON.stringify({ model: pin.model, effort: pin.effort, provider: pin.provider });
      await bounded(() => client.set(keyOf(session), value, { expiration: { type: 'PX', value: ttlMs } }), null);
    },
    delete: async (session) => void (await bounded(() => client.del(keyOf(session)), 0)),
    health: health.snapshot,
    close: async () => {
      if (closed) return;
      closed = true;
      // close() lets queued commands finish; when Redis is unreachable it may not, so it is bounded too.
      if (client.isReady) await within(commandTimeoutMs, client.close()).catch(() => undefined);
      if (client.isOpen) client.destroy();
    },
  };
}

/** `work`, or a rejection after `ms`; the timer never outlives the race (it would hold a process open). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function connectable(url: string, redact: Redactor) {
  try {
    return createClient({
      url,
      // Without this, node-redis queues every command while disconnected and replays them later:
      // unbounded memory, and requests waiting on a server that may never come back.
      disableOfflineQueue: true,
      commandsQueueMaxLength: MAX_PENDING_COMMANDS,
      socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
    });
  } catch (error) {
    throw new ParetoError('config', `the Redis URL is invalid: ${redact(describe(error))}`, {
      hint: 'set it as redis://[user:password@]host:port[/db] with a numeric db',
    });
  }
}

interface Connectable {
  on(event: 'ready' | 'error', listener: () => void): unknown;
  off(event: 'ready' | 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
}

/** True once the first attempt succeeded or failed; false when it is still pending after `ms`. */
function firstAttempt(client: Connectable, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (settled: boolean) => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve(settled);
    };
    const done = () => settle(true);
    const timer = setTimeout(() => settle(false), ms);
    client.on('ready', done);
    client.on('error', done);
    // connect() resolves only once connected (it keeps retrying); its rejection, after close(), means nothing.
    client.connect().catch(() => undefined);
  });
}

function createHealth(log: Logger, redact: Redactor) {
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  let error: string | null = null;
  let errors = 0;
  let outages = 0;
  let since = 0;
  let failedDuringOutage = 0;
  return {
    /** `command`: a request's command failed (counted); otherwise a background connection error. */
    down(reason: string, command: boolean) {
      if (command) errors += 1;
      if (state === 'down') {
        if (command) failedDuringOutage += 1;
        return;
      }
      state = 'down';
      error = redact(reason);
      outages += 1;
      since = Date.now();
      failedDuringOutage = command ? 1 : 0;
      log.warn(`redis: unavailable (${error}); serving without shared stickiness and reconnecting in the background`);
    },
    up() {
      if (state === 'up') return;
      if (state === 'connecting') log.info('redis: connected; stickiness is shared through Redis');
      else
        log.info(
          `redis: available again after ${Date.now() - since} ms (${failedDuringOutage} commands failed meanwhile); stickiness is shared again`,
        );
      state = 'up';
      error = null;
    },
    snapshot: () => ({ ok: state === 'up', error: state === 'connecting' ? 'connecting' : error, errors, outages }),
  };
}

/** The pin JSON as written by `set`; anything else (a foreign value, a truncated write) is no pin. */
function parsePin(raw: string | null): StickyPin | undefined {
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { model, effort, provider } = value as Record<string, unknown>;
  if (typeof model !== 'string' || model.length === 0) return undefined;
  if (!(effort === null || typeof effort === 'string') || !(provider === null || typeof provider === 'string')) return undefined;
  return { model, effort, provider };
}

function parseUrl(raw: string): { url: string; redact: Redactor } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    // The text may hold a password, so it is not echoed.
    throw new ParetoError('config', 'the Redis URL is not a redis:// or rediss:// URL with a host', {
      hint: 'set it as redis://[user:password@]host:port[/db], e.g. redis://127.0.0.1:6379',
    });
  }
  const password = parsed.password;
  const redact = createRedactor([password, safeDecode(password), raw]);
  return { url: raw, redact };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function positiveInteger(field: string, value: number): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new ParetoError('config', `${field} of the Redis store must be a positive whole number of milliseconds; got ${value}`);
}

/** Node reports a refused dual-stack connect as an AggregateError with an empty message. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
