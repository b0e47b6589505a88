import { ParetoError } from '../../errors.js';
import { validateEnvelope } from '../parse.js';
import type { DroppedRecord, OpenRouterModelRecord } from '../types.js';
import { parseModelRow } from './normalize.js';
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
  return new ParetoError('schema', `${MODELS_SOURCE_ID}: ${url} ${problem}`, {
    hint: 'the API may have changed; nothing was stored. Check src/sources/openrouter-models/readme.md and update the schema',
  });
}

/** Reads either envelope; throws 'schema' naming what is missing. */
export function readModelsPage(json: unknown, url: string): ModelsPage {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw schemaError(url, `returned ${Array.isArray(json) ? 'a bare array' : json === null ? 'null' : typeof json} instead of an object with a "data" array`);
  }
  if (!('data' in json) || !Array.isArray(json.data)) {
    const keys = Object.keys(json).join(', ') || 'none';
    throw schemaError(url, `has no "data" array (top-level keys: ${keys}); the model list field was renamed or removed`);
  }
  const page = validateEnvelope(OpenRouterModelsPage, json, MODELS_SOURCE_ID, url);
  const hasLinks = page.total_count !== undefined || page.links !== undefined;
  return { envelope: hasLinks ? 'data+links' : 'data', rows: page.data, totalCount: page.total_count ?? null, next: page.links?.next ?? null };
}

/** Gathers rows across pages: keeps the first row of every id and counts what was dropped. */
export interface ModelCollector {
  add(rows: readonly unknown[], where: string): void;
  readonly records: OpenRouterModelRecord[];
  readonly dropped: DroppedRecord[];
  /** Rows seen and rows that failed the row schema (duplicates are not failures). */
  readonly counts: { rows: number; invalid: number };
}

export function createModelCollector(): ModelCollector {
  const seen = new Map<string, string>();
  const records: OpenRouterModelRecord[] = [];
  const dropped: DroppedRecord[] = [];
  const counts = { rows: 0, invalid: 0 };
  return {
    records,
    dropped,
    counts,
    add(rows, where) {
      rows.forEach((raw, i) => {
        counts.rows++;
        const here = `${where} row ${i + 1}`;
        const outcome = parseModelRow(raw, here);
        if (!outcome.ok) {
          counts.invalid++;
          dropped.push(outcome.dropped);
          return;
        }
        const first = seen.get(outcome.record.modelId);
        if (first !== undefined) {
          // A model can move between pages while they are read; the first copy is kept.
          dropped.push({ key: outcome.record.modelId, reason: `duplicate id (${here}); the row from ${first} is kept` });
          return;
        }
        seen.set(outcome.record.modelId, here);
        records.push(outcome.record);
      });
    },
  };
}

/**
 * An empty list would make every model look delisted, and most rows failing means the shape
 * moved (say, `id` renamed): either way nothing is kept.
 */
export function assertUsableModels(url: string, collector: ModelCollector): void {
  const { rows, invalid } = collector.counts;
  if (rows === 0) {
    throw new ParetoError('empty', `${MODELS_SOURCE_ID}: ${url} returned an empty model list`, {
      hint: 'no models came back; nothing was stored and the last good data is kept. Try again later',
    });
  }
  if (invalid * 2 <= rows) return;
  const example = collector.dropped[0];
  throw new ParetoError('schema', `${MODELS_SOURCE_ID}: ${invalid} of ${rows} models from ${url} fail the row schema (schema drift)${example ? `; first: ${example.key} ${example.reason}` : ''}`, {
    hint: 'the shape has changed; nothing was stored. Update src/sources/openrouter-models/schema.ts (see the readme there)',
  });
}

/**
 * Parses one complete `/models` answer into records. Pure: no IO. Throws a ParetoError
 * ('schema' or 'empty') when the answer is unusable.
 */
export function parseModelsPayload(json: unknown, url: string): ModelsParseResult {
  const page = readModelsPage(json, url);
  const collector = createModelCollector();
  collector.add(page.rows, 'page 1');
  assertUsableModels(url, collector);
  return { records: collector.records, dropped: collector.dropped, meta: { total: collector.records.length, pages: 1, envelope: page.envelope } };
}
