import path from 'node:path';
import { z } from 'zod';
import { ParetoError } from './errors.js';
import { DEFAULT_BANDS, validateBands, type TierBands } from './domain/tier-bands.js';
import { packageRoot } from './util/package-root.js';
import { isLoopbackName } from './util/loopback.js';
import { createRedactor, type Redactor } from './util/redact.js';
import { parseRouterSettings, type RouterSettings } from './router/settings.js';
import { DEFAULT_SOURCES, SOURCE_IDS, type SourceId } from './sources/source-ids.js';

/**
 * Configuration is read once from the environment (plus CLI flag overrides), validated, frozen
 * and passed down. Nothing else reads process.env. The source ids come from the sources' own
 * list (src/sources/source-ids.ts): a new source is named there, not here.
 */
export { DEFAULT_SOURCES, SOURCE_IDS, type SourceId };

/**
 * An OpenRouter sync stores about 0.9 MB (one observation per model and endpoint, plus the raw
 * answers gzipped); every 30 minutes that is some 45 MB a day. Thirty days keep a month of
 * history at about 1.3 GB; the runs published versions were built from are kept regardless.
 */
export const DEFAULT_RETENTION_DAYS = 30;

const positiveInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a non-negative integer, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = value === undefined || value.trim() === '' ? fallback : value.trim();
      let parsed: URL;
      try {
        parsed = new URL(raw);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be an http(s) URL, got "${raw}"` });
        return z.NEVER;
      }
      // The API keys go to this URL: never in the clear across a network, never inside the URL.
      const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
      if (parsed.username !== '' || parsed.password !== '') {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must not carry a user name or password (keys come from their own variables), got "${shown}"`,
        });
        return z.NEVER;
      }
      if (parsed.protocol === 'http:' && !isLoopbackName(parsed.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an https URL: requests to it carry the API key, which http would send in the clear (http is for a server on this machine: localhost, 127.0.0.1, [::1]), got "${shown}"`,
        });
        return z.NEVER;
      }
      return raw.replace(/\/+$/, '');
    });

/** The largest share of a run's rows that may fail the row schema (0–1); more fails the run as drift. */
export const DEFAULT_MAX_DROPPED_SHARE = 0.05;

const share = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = value?.trim() ?? '';
      if (raw === '') return fallback;
      const n = Number(raw);
      if (!/^\d*\.?\d+$/.test(raw) || n > 1) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a share between 0 and 1 (e.g. 0.05 for 5%), got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

/** Days of sync history to keep; "off" keeps everything. */
const retentionDays = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const raw = value?.trim() ?? '';
    if (raw === '') return DEFAULT_RETENTION_DAYS;
    if (raw.toLowerCase() === 'off') return null;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `PARETO_RETENTION_DAYS must be a whole number of days or "off", got "${value}"` });
      return z.NEVER;
    }
    return n;
  });

/** Log lines on stderr: unset means text on a terminal and JSON elsewhere (the CLI decides). */
const logFormat = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const raw = value?.trim().toLowerCase() ?? '';
    if (raw === '') return undefined;
    if (raw !== 'text' && raw !== 'json') {
      ctx.addIssue({ code: 'custom', message: `PARETO_LOG_FORMAT must be "text" or "json", got "${value}"` });
      return z.NEVER;
    }
    return raw;
  });

const secret = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const EnvSchema = z.object({
  AA_API_KEY: secret,
  OPENROUTER_API_KEY: secret,
  AA_BASE_URL: url('AA_BASE_URL', 'https://artificialanalysis.ai'),
  OPENROUTER_BASE_URL: url('OPENROUTER_BASE_URL', 'https://openrouter.ai/api/v1'),
  PARETO_DB: z.string().optional(),
  PARETO_SOURCES: z.string().optional(),
  PARETO_AA_DAILY_BUDGET: positiveInt('PARETO_AA_DAILY_BUDGET', 100),
  PARETO_AA_MAX_PAGES: positiveInt('PARETO_AA_MAX_PAGES', 10),
  PARETO_HTTP_TIMEOUT_MS: positiveInt('PARETO_HTTP_TIMEOUT_MS', 30_000),
  PARETO_HTTP_RETRIES: positiveInt('PARETO_HTTP_RETRIES', 3),
  PARETO_MAX_RETRY_AFTER_S: positiveInt('PARETO_MAX_RETRY_AFTER_S', 60),
  PARETO_ENDPOINTS_CONCURRENCY: positiveInt('PARETO_ENDPOINTS_CONCURRENCY', 4),
  PARETO_SHORTLISTS: z.string().optional(),
  PARETO_CURATION: z.string().optional(),
  PARETO_EFFORT_VOCABULARIES: z.string().optional(),
  PARETO_TIER_BANDS: z.string().optional(),
  PARETO_RETENTION_DAYS: retentionDays,
  PARETO_MAX_DROPPED_SHARE: share('PARETO_MAX_DROPPED_SHARE', DEFAULT_MAX_DROPPED_SHARE),
  PARETO_LOG_FORMAT: logFormat,
});

export interface Config {
  readonly aaApiKey: string | undefined;
  readonly openRouterApiKey: string | undefined;
  readonly aaBaseUrl: string;
  readonly openRouterBaseUrl: string;
  readonly dbPath: string;
  readonly sources: readonly SourceId[];
  readonly aaDailyBudget: number;
  readonly aaMaxPages: number;
  readonly httpTimeoutMs: number;
  readonly httpRetries: number;
  /** A Retry-After longer than this fails the request instead of waiting. */
  readonly maxRetryAfterSeconds: number;
  readonly endpointsConcurrency: number;
  /** Folder of published shortlist versions. */
  readonly shortlistsDir: string;
  /** The curation file (aliases, pins, exclusions). */
  readonly curationPath: string;
  /** The effort vocabularies (provider level ↔ OpenRouter effort name). */
  readonly effortVocabulariesPath: string;
  readonly tierBands: TierBands;
  /** Sync history older than this many days is pruned (by the retention job); null keeps it all. */
  readonly retentionDays: number | null;
  /** Rows failing the row schema beyond this share of a run (0–1) fail the run. */
  readonly maxDroppedShare: number;
  /** `pareto serve`: keys, limits, timeouts, the configured default (PARETO_ROUTER_*, …). */
  readonly router: RouterSettings;
  /** PARETO_LOG_FORMAT; undefined: text on a terminal, JSON elsewhere. */
  readonly logFormat: 'text' | 'json' | undefined;
  readonly redact: Redactor;
}

export type ConfigOverrides = Partial<Omit<Config, 'redact'>>;

export function parseSourceList(value: string, origin: string): SourceId[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!(SOURCE_IDS as readonly string[]).includes(id)) {
      throw new ParetoError('config', `${origin}: unknown source "${id}"`, {
        hint: `use one or more of: ${SOURCE_IDS.join(', ')}`,
      });
    }
  }
  if (ids.length === 0)
    throw new ParetoError('config', `${origin}: no source named`, { hint: `use one or more of: ${SOURCE_IDS.join(', ')}` });
  return ids as SourceId[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join('; ');
    throw new ParetoError('config', `invalid configuration: ${problems}`, { hint: 'fix the environment variable named above' });
  }
  const e = parsed.data;
  const router = parseRouterSettings(env);
  const config: Config = {
    aaApiKey: e.AA_API_KEY,
    openRouterApiKey: e.OPENROUTER_API_KEY,
    aaBaseUrl: e.AA_BASE_URL,
    openRouterBaseUrl: e.OPENROUTER_BASE_URL,
    dbPath: path.resolve(cwd, e.PARETO_DB?.trim() || path.join('data', 'pareto.db')),
    sources: e.PARETO_SOURCES ? parseSourceList(e.PARETO_SOURCES, 'PARETO_SOURCES') : DEFAULT_SOURCES,
    aaDailyBudget: e.PARETO_AA_DAILY_BUDGET,
    aaMaxPages: Math.max(1, e.PARETO_AA_MAX_PAGES),
    httpTimeoutMs: Math.max(1, e.PARETO_HTTP_TIMEOUT_MS),
    httpRetries: e.PARETO_HTTP_RETRIES,
    maxRetryAfterSeconds: e.PARETO_MAX_RETRY_AFTER_S,
    endpointsConcurrency: Math.max(1, e.PARETO_ENDPOINTS_CONCURRENCY),
    shortlistsDir: path.resolve(cwd, e.PARETO_SHORTLISTS?.trim() || path.join('data', 'shortlists')),
    // The curation file ships with the package; point PARETO_CURATION at your own copy to curate.
    curationPath: e.PARETO_CURATION?.trim()
      ? path.resolve(cwd, e.PARETO_CURATION.trim())
      : path.join(packageRoot(), 'data', 'curation.json'),
    effortVocabulariesPath: e.PARETO_EFFORT_VOCABULARIES?.trim()
      ? path.resolve(cwd, e.PARETO_EFFORT_VOCABULARIES.trim())
      : path.join(packageRoot(), 'data', 'effort-vocabularies.json'),
    tierBands: e.PARETO_TIER_BANDS ? parseBands(e.PARETO_TIER_BANDS) : DEFAULT_BANDS,
    retentionDays: e.PARETO_RETENTION_DAYS,
    maxDroppedShare: e.PARETO_MAX_DROPPED_SHARE,
    router,
    logFormat: e.PARETO_LOG_FORMAT,
    ...overrides,
    // Router keys are secrets like the API keys: masked wherever text leaves the process.
    redact: createRedactor([e.AA_API_KEY, e.OPENROUTER_API_KEY, router.metricsKey, ...router.routerKeys.map((k) => k.key)]),
  };
  return Object.freeze(config);
}

/** "95,85,50" → { high: 95, medium: 85, low: 50 }. */
export function parseBands(value: string): TierBands {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => Number.isNaN(p))) {
    throw new ParetoError('config', `PARETO_TIER_BANDS must be three percentiles "high,medium,low" (e.g. 95,85,50), got "${value}"`);
  }
  const [high, medium, low] = parts as [number, number, number];
  return validateBands({ high, medium, low }, 'PARETO_TIER_BANDS');
}
