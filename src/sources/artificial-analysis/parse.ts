import { ParetoError } from '../../errors.js';
import { validateEnvelope } from '../parse.js';
import type { AaModelRecord, DroppedRecord } from '../types.js';
import { assertMostRowsValid, assertNotEmpty, assertSomeCodingIndex, createAaRowCollector, type AaRowCollector } from './collect.js';
import { isPlainObject, legacyRowToCurrent, looksLegacy } from './legacy.js';
import { AaCurrentEnvelope, AaLegacyEnvelope, type AaPagination } from './schema.js';

export const AA_SOURCE_ID = 'artificial-analysis';

export type AaShape = 'current' | 'legacy';
export type AaRoute = 'pro' | 'free' | 'legacy';

/** One answer of either shape, its rows already in the current row shape. */
export interface AaPage {
  readonly shape: AaShape;
  readonly tier: string | null;
  readonly indexVersion: number | null;
  readonly pagination: AaPagination | null;
  readonly rows: readonly unknown[];
}

export interface AaPayloadMeta {
  readonly tier: string | null;
  readonly indexVersion: number | null;
  readonly shape: AaShape;
  readonly route: AaRoute;
  readonly pages: number;
  readonly [key: string]: string | number | boolean | null;
}

export interface AaParseResult {
  readonly records: AaModelRecord[];
  readonly dropped: DroppedRecord[];
  readonly meta: AaPayloadMeta;
}

const CURRENT_MARKERS = ['pagination', 'tier', 'intelligence_index_version'] as const;

function schemaError(url: string, problem: string): ParetoError {
  return new ParetoError('schema', `${url} ${problem}`, {
    source: AA_SOURCE_ID,
    hint: 'the API may have changed; nothing was stored. Check src/sources/artificial-analysis/readme.md and update the schema',
  });
}

/**
 * One integrator documents tier/version/pagination under `meta` instead of the top level; the
 * code clients all read the top level. Accept both rather than guess.
 */
function liftMeta(json: Record<string, unknown>): Record<string, unknown> {
  const meta = json.meta;
  if (!isPlainObject(meta) || CURRENT_MARKERS.some((k) => k in json)) return json;
  const lifted: Record<string, unknown> = { ...json };
  for (const key of CURRENT_MARKERS) if (key in meta) lifted[key] = meta[key];
  return lifted;
}

/** Reads the envelope of either shape; throws 'schema' when it is neither. */
export function readAaPage(json: unknown, url: string): AaPage {
  if (!isPlainObject(json))
    throw schemaError(url, `returned ${Array.isArray(json) ? 'a bare array' : typeof json} instead of an object with a "data" array`);
  const envelope = liftMeta(json);
  if (!Array.isArray(envelope.data)) {
    const keys = Object.keys(envelope).join(', ') || 'none';
    throw schemaError(url, `has no "data" array (top-level keys: ${keys}); the model list field was renamed or removed`);
  }
  if (CURRENT_MARKERS.some((k) => k in envelope)) {
    const e = validateEnvelope(AaCurrentEnvelope, envelope, AA_SOURCE_ID, url);
    return {
      shape: 'current',
      tier: e.tier ?? null,
      indexVersion: e.intelligence_index_version,
      pagination: e.pagination ?? null,
      rows: e.data,
    };
  }
  if (looksLegacy(envelope)) {
    const e = validateEnvelope(AaLegacyEnvelope, envelope, AA_SOURCE_ID, url);
    return { shape: 'legacy', tier: null, indexVersion: null, pagination: null, rows: e.data.map(legacyRowToCurrent) };
  }
  throw schemaError(
    url,
    'is neither the current shape (tier, intelligence_index_version, pagination) nor the legacy one (status, prompt_options)',
  );
}

/** Which list answered, from the URL; a file or replay path falls back to the shape. */
export function routeOf(url: string, shape: AaShape): AaRoute {
  if (shape === 'legacy') return 'legacy';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not a URL (a file name): use it as it is
  }
  return /free/i.test(path) ? 'free' : 'pro';
}

/** The checks every complete answer must pass before anything is kept. */
export function assertUsable(url: string, collector: AaRowCollector): void {
  assertNotEmpty(AA_SOURCE_ID, url, collector);
  assertMostRowsValid(AA_SOURCE_ID, url, collector);
  assertSomeCodingIndex(AA_SOURCE_ID, url, collector.records);
}

/**
 * Parses one complete AA answer of either shape (a legacy capture, or one current page) into
 * records. Pure: no IO. Throws a ParetoError ('schema' or 'empty') when the answer is unusable.
 */
export function parseAaPayload(json: unknown, url: string): AaParseResult {
  const page = readAaPage(json, url);
  const collector = createAaRowCollector();
  collector.addPage(page.rows, page.indexVersion, `page ${page.pagination?.page ?? 1}`);
  assertUsable(url, collector);
  return {
    records: collector.records,
    dropped: collector.dropped,
    meta: { tier: page.tier, indexVersion: page.indexVersion, shape: page.shape, route: routeOf(url, page.shape), pages: 1 },
  };
}
