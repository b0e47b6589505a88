import { eq } from 'drizzle-orm';
import type { RecordKind, RecordKinds } from '../../sources/types.js';
import type { Orm } from '../open.js';
import { aaObservations, openrouterEndpointObservations, openrouterModelObservations } from '../schema.js';

/** A normalised record ready to store: its natural key and content hash are computed by the pipeline. */
export interface KeyedRecord<K extends RecordKind> {
  readonly key: string;
  readonly hash: string;
  readonly record: RecordKinds[K];
}

const TABLES = {
  'aa-model': aaObservations,
  'openrouter-model': openrouterModelObservations,
  'openrouter-endpoint': openrouterEndpointObservations,
} as const;

/** The typed columns kept next to the JSON record, for history queries without json_extract. */
function typedColumns<K extends RecordKind>(kind: K, record: RecordKinds[K]) {
  switch (kind) {
    case 'aa-model': {
      const r = record as RecordKinds['aa-model'];
      return {
        slug: r.slug,
        name: r.name,
        indexVersion: r.indexVersion,
        codingIndex: r.codingIndex,
        intelligenceIndex: r.intelligenceIndex,
        priceInputPerM: r.priceInputPerM,
        outputTokensPerSecond: r.outputTokensPerSecond,
      };
    }
    case 'openrouter-model': {
      const r = record as RecordKinds['openrouter-model'];
      return {
        canonicalSlug: r.canonicalSlug,
        promptPricePerM: r.promptPricePerM,
        completionPricePerM: r.completionPricePerM,
        aaCodingIndex: r.aaCodingIndex,
        reasoningMandatory: r.reasoningMandatory,
        reasoningDefaultEnabled: r.reasoningDefaultEnabled,
        reasoningDefaultEffort: r.defaultEffort,
        reasoningSupportedEfforts: r.supportedEfforts === null ? null : JSON.stringify(r.supportedEfforts),
      };
    }
    default: {
      const r = record as RecordKinds['openrouter-endpoint'];
      return {
        modelId: r.modelId,
        tag: r.tag,
        status: r.status,
        promptPricePerM: r.promptPricePerM,
        throughputP50: r.throughputP50,
        latencyP50Ms: r.latencyP50Ms,
      };
    }
  }
}

// SQLite caps bound parameters per statement; 100 rows × ~12 columns stays well inside it.
const CHUNK = 100;

export function insertObservations<K extends RecordKind>(orm: Orm, kind: K, runId: number, rows: ReadonlyArray<KeyedRecord<K>>): number {
  const table = TABLES[kind];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((row) => ({
      runId,
      key: row.key,
      hash: row.hash,
      record: JSON.stringify(row.record),
      ...typedColumns(kind, row.record),
    }));
    // The union of three tables defeats drizzle's inference; each value matches its own table.
    orm
      .insert(table)
      .values(values as never)
      .run();
  }
  return rows.length;
}

/** key → content hash of one run, for the new/changed/unchanged comparison. */
export function observationHashes(orm: Orm, kind: RecordKind, runId: number): Map<string, string> {
  const table = TABLES[kind];
  const rows = orm.select({ key: table.key, hash: table.hash }).from(table).where(eq(table.runId, runId)).all();
  return new Map(rows.map((r) => [r.key, r.hash]));
}

export function readObservations<K extends RecordKind>(orm: Orm, kind: K, runId: number): Array<RecordKinds[K]> {
  const table = TABLES[kind];
  return orm
    .select({ record: table.record })
    .from(table)
    .where(eq(table.runId, runId))
    .all()
    .map((r) => upgradeRecord(kind, JSON.parse(r.record) as RecordKinds[K]));
}

/**
 * Records stored before a field was read lack it; they read back with the field null (not said),
 * never undefined, so old runs curate exactly as they did. OpenRouter models gained the
 * `reasoning.default_enabled` and `supports_max_tokens` fields with migration 0003.
 */
function upgradeRecord<K extends RecordKind>(kind: K, record: RecordKinds[K]): RecordKinds[K] {
  if (kind !== 'openrouter-model') return record;
  const r = record as RecordKinds['openrouter-model'];
  return {
    ...r,
    reasoningDefaultEnabled: r.reasoningDefaultEnabled ?? null,
    reasoningSupportsMaxTokens: r.reasoningSupportsMaxTokens ?? null,
  } as RecordKinds[K];
}
