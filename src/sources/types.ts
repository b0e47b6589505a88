import type { Fetcher } from '../http/types.js';
import type { DroppedRecord, RecordKind, RecordKinds } from '../domain/records.js';
import type { Logger } from '../util/log.js';
import type { Redactor } from '../util/redact.js';

export type * from '../domain/records.js';

export interface SourceResult<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly records: ReadonlyArray<RecordKinds[K]>;
  readonly dropped: readonly DroppedRecord[];
  /** Facts about the response as a whole (tier, index version, pages read, …), kept with the run. */
  readonly meta: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A daily quota kept in the database. `spend()` is called before every request and throws
 * a ParetoError ('budget' or 'rate_limited') instead of letting a request over the limit go out.
 */
export interface RequestBudget {
  spend(): void;
  observe(headers: Readonly<Record<string, string>>): void;
}

/**
 * What sources read of the configuration. The whole `Config` satisfies it; declaring the slice
 * here keeps sources from importing `src/config.ts`, which imports the registry to know the
 * source ids (the other way round would be a cycle).
 */
export interface SourceConfig {
  readonly aaApiKey: string | undefined;
  readonly openRouterApiKey: string | undefined;
  readonly aaBaseUrl: string;
  readonly openRouterBaseUrl: string;
  readonly aaDailyBudget: number;
  readonly aaMaxPages: number;
  readonly endpointsConcurrency: number;
  readonly redact: Redactor;
}

export interface SourceContext {
  readonly config: SourceConfig;
  readonly http: Fetcher;
  readonly log: Logger;
  /** The source's daily quota when it declares one (live), else a budget that never runs out. */
  readonly budget: RequestBudget;
  /** The model ids to fetch, for a source that declares `modelIds`. */
  readonly modelIds?: readonly string[];
}

/** A value of a typed column: booleans are stored as 0/1. */
export type ColumnValue = string | number | boolean | null;

/**
 * How the records of one kind are kept. Each kind has its own observations table (made by a
 * migration): `run_id`, `key`, `hash` and the JSON `record`, then the typed columns named here.
 * The sync, the comparison with the previous run and the queries read this, never the kind.
 */
export interface RecordStore<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly table: string;
  /** What identifies "the same row" from one run to the next. */
  naturalKey(record: RecordKinds[K]): string;
  /** The typed columns kept next to the JSON record (SQL name → value), for history queries without json_extract. */
  columns(record: RecordKinds[K]): Readonly<Record<string, ColumnValue>>;
  /** A record stored by an older version, read back in today's shape (a field added since reads as null). */
  upgrade?(stored: RecordKinds[K]): RecordKinds[K];
}

/** A key a source cannot run without: a live sync skips the source while it is not set. */
export interface RequiredKey {
  /** The environment variable, as users set it. */
  readonly env: string;
  isSet(config: SourceConfig): boolean;
  /** What happens meanwhile, said when the sync skips the source. */
  readonly meanwhile: string;
}

/** A source that fetches per model: the sync works the ids out before it runs. */
export interface ModelIdsInput {
  /** The source whose model list the default ids come from; if it failed in this sync, this one fails too. */
  readonly listedBy: string;
  /** In a replay, the ids the recorded requests asked about (from their URLs). */
  recorded(urls: readonly string[]): string[];
}

/**
 * A source and what it needs from the sync that runs it. Adding a source is a folder under
 * src/sources/ with one of these, plus its line in registry.ts and its id in source-ids.ts (and,
 * for a new record kind, the migration that makes its table).
 */
export interface Source<K extends RecordKind = RecordKind, Id extends string = string> {
  readonly id: Id;
  readonly kind: K;
  readonly title: string;
  /** Opt-in sources run only when named (flag or PARETO_SOURCES). */
  readonly optIn: boolean;
  /** How its records are keyed and stored. */
  readonly records: RecordStore<K>;
  /** How old its data may get before `pareto status` calls it stale (seconds). */
  readonly maxAgeSeconds: number;
  readonly requiresKey?: RequiredKey;
  /** A daily request quota, counted in the database before every live request (retries too). */
  dailyRequestBudget?(config: SourceConfig): number;
  readonly modelIds?: ModelIdsInput;
  /** An opt-in source scheduled with the job that syncs this other source. */
  readonly runsWith?: string;
  fetch(ctx: SourceContext): Promise<SourceResult<K>>;
}
