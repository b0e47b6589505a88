import { ParetoError } from '../../errors.js';
import { assertMostRowsValid, assertNotEmpty, createRowCollector, type RowCollector } from '../row-collector.js';
import { validateEnvelope } from '../parse.js';
import type { DroppedRecord, OpenRouterModelRecord } from '../types.js';
import { parseModelRow } from './to-record.js';
import { OpenRouterModelsPage } from './schema.js';

export const MODELS_SOURCE_ID = 'openrouter-models';

export type ModelsEnvelope = 'data' | 'data+links';

/** One `/models` answer: its rows still raw (they are checked one by one). */
export interface ModelsPage {
  readonly envelope: ModelsEnvelope;
  readonly rows: readonly unknown[];
  readonly totalCount: number | null;
  readonly next: string | null;
}

export interface ModelsPayloadMeta {
  readonly total: number;
  readonly pages: number;
  readonly envelope: ModelsEnvelope;
  readonly [key: string]: string | number | boolean | null;
}

export interface ModelsParseResult {
  readonly records: OpenRouterModelRecord[];
  readonly dropped: DroppedRecord[];
  readonly meta: ModelsPayloadMeta;
}

function schemaError(url: string, problem: string): ParetoError {
  return new ParetoError('schema', `${url} ${problem}`, {
    source: MODELS_SOURCE_ID,
    hint: 'the API may have changed; nothing was stored. Check src/sources/openrouter-models/readme.md and update the schema',
  });
}

/** Reads either envelope; throws 'schema' naming what is missing. */
export function readModelsPage(json: unknown, url: string): ModelsPage {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw schemaError(
      url,
      `returned ${Array.isArray(json) ? 'a bare array' : json === null ? 'null' : typeof json} instead of an object with a "data" array`,
    );
  }
  if (!('data' in json) || !Array.isArray(json.data)) {
    const keys = Object.keys(json).join(', ') || 'none';
    throw schemaError(url, `has no "data" array (top-level keys: ${keys}); the model list field was renamed or removed`);
  }
  const page = validateEnvelope(OpenRouterModelsPage, json, MODELS_SOURCE_ID, url);
  const hasLinks = page.total_count !== undefined || page.links !== undefined;
  return {
    envelope: hasLinks ? 'data+links' : 'data',
    rows: page.data,
    totalCount: page.total_count ?? null,
    next: page.links?.next ?? null,
  };
}

/** OpenRouter models keyed by id. */
export type ModelCollector = RowCollector<OpenRouterModelRecord>;

export function createModelCollector(): ModelCollector {
  return createRowCollector<OpenRouterModelRecord>((m) => m.modelId);
}

/**
 * An empty list would make every model look delisted, and most rows failing means the shape
 * moved (say, `id` renamed): either way nothing is kept.
 */
export function assertUsableModels(url: string, collector: ModelCollector): void {
  assertNotEmpty(MODELS_SOURCE_ID, url, collector);
  assertMostRowsValid(MODELS_SOURCE_ID, url, collector, 'src/sources/openrouter-models/schema.ts');
}

/**
 * Parses one complete `/models` answer into records. Pure: no IO. Throws a ParetoError
 * ('schema' or 'empty') when the answer is unusable.
 */
export function parseModelsPayload(json: unknown, url: string): ModelsParseResult {
  const page = readModelsPage(json, url);
  const collector = createModelCollector();
  collector.add(page.rows, 'page 1', parseModelRow);
  assertUsableModels(url, collector);
  return {
    records: collector.records,
    dropped: collector.dropped,
    meta: { total: collector.records.length, pages: 1, envelope: page.envelope },
  };
}
