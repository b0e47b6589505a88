import type { Config, SourceId } from '../config.js';
import type { Fetcher } from '../http/types.js';
import type { DroppedRecord, RecordKind, RecordKinds } from '../domain/records.js';
import type { Logger } from '../util/log.js';

export type * from '../domain/records.js';

export interface SourceResult<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly records: ReadonlyArray<RecordKinds[K]>;
  readonly dropped: readonly DroppedRecord[];
  /** Facts about the response as a whole (tier, index version, pages read, …), kept with the run. */
  readonly meta: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * AA's daily quota, kept in the database. `spend()` is called before every request and throws
 * a ParetoError ('budget' or 'rate_limited') instead of letting a request over the limit go out.
 */
export interface RequestBudget {
  spend(): void;
  observe(headers: Readonly<Record<string, string>>): void;
}

export interface SourceContext {
  readonly config: Config;
  readonly http: Fetcher;
  readonly log: Logger;
  readonly budget: RequestBudget;
  /** For openrouter-endpoints: which model ids to fetch. */
  readonly modelIds?: readonly string[];
}

export interface Source<K extends RecordKind = RecordKind> {
  readonly id: SourceId;
  readonly kind: K;
  readonly title: string;
  /** Opt-in sources run only when named (flag or PARETO_SOURCES). */
  readonly optIn: boolean;
  fetch(ctx: SourceContext): Promise<SourceResult<K>>;
}
