import { ParetoError } from '../errors.js';

/**
 * The router's settings, read from the environment once by `loadConfig` (SPEC §10). Every value
 * is validated here so a typo stops `pareto serve` at start with the variable named, instead of
 * surfacing as odd routing under load.
 */
export interface RouterSettings {
  /** Keys clients must present (PARETO_ROUTER_KEYS, comma-separated); empty = none configured. */
  readonly routerKeys: readonly RouterKey[];
  /** The key GET /metrics asks for (PARETO_METRICS_KEY); undefined = /metrics is open. */
  readonly metricsKey: string | undefined;
  /** Models other than the router models go to OpenRouter unchanged; false answers 400. */
  readonly passthrough: boolean;
  /** The configured default of the resolver (SPEC §6.1). */
  readonly defaultMinCodingScore: number | undefined;
  readonly preventOverrides: boolean;
  readonly maxBodyBytes: number;
  /** The largest JSON answer the router takes whole from upstream (PARETO_MAX_ANSWER_BYTES). */
  readonly maxAnswerBytes: number;
  readonly maxConcurrent: number;
  readonly connectTimeoutMs: number;
  /** Until the upstream's response headers. */
  readonly firstByteTimeoutMs: number;
  /** Longest silence between two body chunks (SSE keep-alive comments count as traffic). */
  readonly idleTimeoutMs: number;
  readonly shutdownGraceMs: number;
  /** How long a client's idle keep-alive connection stays open (PARETO_KEEPALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number;
  readonly stickyTtlMs: number;
  readonly redisUrl: string | undefined;
  /** How often the shortlist source is checked for a new version. */
  readonly reloadIntervalMs: number;
  /** Worker processes (PARETO_WORKERS): a number, or `auto` for one per core. */
  readonly workers: number | 'auto';
}

/**
 * A router key and the name its client goes by in the log and the spend counters: `NAME:KEY` in
 * PARETO_ROUTER_KEYS, or a bare key, named by its place in the list (`key-1`, `key-2`, …).
 */
export interface RouterKey {
  readonly name: string;
  readonly key: string;
}

export const ROUTER_DEFAULTS = {
  // A 1M-token context is about 4 MB of text; JSON escaping and tool schemas can double it.
  maxBodyBytes: 16 * 1024 * 1024,
  // A long completion is well under a megabyte and generated images a few; past this an answer
  // that never ends would only fill memory.
  maxAnswerBytes: 64 * 1024 * 1024,
  maxConcurrent: 1024,
  connectTimeoutMs: 5_000,
  // Reasoning models can think for minutes before their first token, but OpenRouter sends its
  // headers (and keep-alive comments) at once; a silent upstream is a dead one.
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  shutdownGraceMs: 30_000,
  // Longer than the 60 s idle timeout load balancers commonly keep (AWS ALB, nginx's upstream
  // keep-alive), so a balancer never reuses a connection the router has just closed: that race is
  // a 502 to a client. Node's own 5 s suits clients that connect directly, not a router behind one.
  keepAliveTimeoutMs: 65_000,
  stickyTtlMs: 300_000,
  reloadIntervalMs: 30_000,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export function parseRouterSettings(env: Env): RouterSettings {
  return {
    routerKeys: routerKeys(env.PARETO_ROUTER_KEYS),
    metricsKey: env.PARETO_METRICS_KEY?.trim() || undefined,
    passthrough: onOff(env, 'PARETO_PASSTHROUGH', true),
    defaultMinCodingScore: score(env.PARETO_DEFAULT_MIN_CODING_SCORE),
    preventOverrides: onOff(env, 'PARETO_PREVENT_OVERRIDES', false),
    maxBodyBytes: positive(env, 'PARETO_MAX_BODY_BYTES', ROUTER_DEFAULTS.maxBodyBytes),
    maxAnswerBytes: positive(env, 'PARETO_MAX_ANSWER_BYTES', ROUTER_DEFAULTS.maxAnswerBytes),
    maxConcurrent: positive(env, 'PARETO_MAX_CONCURRENT', ROUTER_DEFAULTS.maxConcurrent),
    connectTimeoutMs: positive(env, 'PARETO_CONNECT_TIMEOUT_MS', ROUTER_DEFAULTS.connectTimeoutMs),
    firstByteTimeoutMs: positive(env, 'PARETO_FIRST_BYTE_TIMEOUT_MS', ROUTER_DEFAULTS.firstByteTimeoutMs),
    idleTimeoutMs: positive(env, 'PARETO_IDLE_TIMEOUT_MS', ROUTER_DEFAULTS.idleTimeoutMs),
    shutdownGraceMs: positive(env, 'PARETO_SHUTDOWN_GRACE_MS', ROUTER_DEFAULTS.shutdownGraceMs),
    keepAliveTimeoutMs: positive(env, 'PARETO_KEEPALIVE_TIMEOUT_MS', ROUTER_DEFAULTS.keepAliveTimeoutMs),
    stickyTtlMs: positive(env, 'PARETO_STICKY_TTL_MS', ROUTER_DEFAULTS.stickyTtlMs),
    redisUrl: redisUrl(env.PARETO_REDIS_URL),
    reloadIntervalMs: positive(env, 'PARETO_RELOAD_INTERVAL_MS', ROUTER_DEFAULTS.reloadIntervalMs),
    workers: workerCount(env.PARETO_WORKERS, 'PARETO_WORKERS'),
  };
}

const KEY_NAME = /^[A-Za-z0-9][\w.-]{0,31}$/;

/** PARETO_ROUTER_KEYS. Its errors name an entry by its place, never by its text: that may be a key. */
function routerKeys(value: string | undefined): RouterKey[] {
  const entries = (value ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const keys = entries.map((entry, i): RouterKey => {
    const colon = entry.indexOf(':');
    if (colon < 0) return { name: `key-${i + 1}`, key: entry };
    const name = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (!KEY_NAME.test(name))
      throw keysError(
        `entry ${i + 1} is NAME:KEY with a name that is not 1–32 letters, digits, "_", "." or "-" (starting with a letter or digit)`,
      );
    if (key === '') throw keysError(`entry ${i + 1} (${name}) has a name but no key after its ":"`);
    return { name, key };
  });
  const names = new Set<string>();
  const values = new Set<string>();
  keys.forEach(({ name, key }, i) => {
    if (names.has(name)) throw keysError(`the name "${name}" is given twice; each client needs its own`);
    if (values.has(key)) throw keysError(`entry ${i + 1} (${name}) repeats an earlier entry's key; give each client its own key`);
    names.add(name);
    values.add(key);
  });
  return keys;
}

function keysError(problem: string): ParetoError {
  return new ParetoError('config', `PARETO_ROUTER_KEYS: ${problem}`, {
    hint: 'write it as comma-separated entries, each KEY or NAME:KEY (the name is the client in the log and the spend counters), e.g. ci:rk-…,alice:rk-…',
  });
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase() ?? '';
  if (raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ParetoError('config', `${name} must be on or off, got "${env[name]}"`);
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0)
    throw new ParetoError('config', `${name} must be a positive whole number, got "${env[name]}"`);
  return n;
}

function score(value: string | undefined): number | undefined {
  const raw = value?.trim() ?? '';
  if (raw === '') return undefined;
  const n = Number(raw);
  if (!/^[0-9.]+$/.test(raw) || !(n >= 0 && n <= 1)) {
    throw new ParetoError(
      'config',
      `PARETO_DEFAULT_MIN_CODING_SCORE must be a number from 0 to 1 (≥ 0.66 high tier, ≥ 0.33 medium, below low), got "${value}"`,
    );
  }
  return n;
}

function redisUrl(value: string | undefined): string | undefined {
  const raw = value?.trim() ?? '';
  if (raw === '') return undefined;
  if (!/^rediss?:\/\/./.test(raw))
    throw new ParetoError('config', `PARETO_REDIS_URL must be a redis:// or rediss:// URL, got a value of another form`);
  return raw;
}

/** The most worker processes a router starts: far past any core count, short of a typo's 10000. */
export const MAX_WORKERS = 256;

/** `--workers` / PARETO_WORKERS: 1 (the default) to MAX_WORKERS, or `auto`. */
export function workerCount(value: string | undefined, name: string): number | 'auto' {
  const raw = value?.trim().toLowerCase() ?? '';
  if (raw === '') return 1;
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_WORKERS)
    throw new ParetoError('config', `${name} must be a whole number from 1 to ${MAX_WORKERS}, or auto (one per core), got "${value}"`);
  return n;
}
