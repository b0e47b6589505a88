import type { Config } from '../src/config.js';
import type { Db } from '../src/db/open.js';
import type { PublishOutcome } from '../src/pipeline/publish.js';
import type { PruneResult } from '../src/pipeline/retention.js';
import type { SyncMode, SyncSummary } from '../src/pipeline/sync.js';
import type { Logger } from '../src/util/log.js';

// What a job needs and what it comes to, shared by the runner and each kind of job: kept apart
// so the job modules and the runner that calls them do not import each other.

export interface JobDeps {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly mode: SyncMode;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  /** Who we are in the lease table (default: `processHolder()`). */
  readonly holder?: string;
  readonly leaseTtlMs?: number;
  /** Extra attempts of a sync whose failures were transient, with this backoff (ms) between. */
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SkippedJob {
  readonly job: string;
  readonly status: 'skipped';
  readonly reason: string;
}

export interface SyncJobOutcome {
  readonly job: string;
  readonly kind: 'sync';
  readonly status: 'succeeded' | 'failed';
  readonly attempts: number;
  readonly sync: SyncSummary;
  readonly publish: PublishOutcome | null;
  readonly publishError: string | null;
  /** Why a successful sync published nothing, when that is expected (no model list yet). */
  readonly publishSkipped: string | null;
  /** Stopped by a signal or a lost lease before it finished. */
  readonly interrupted: boolean;
}

export interface RetentionJobOutcome {
  readonly job: string;
  readonly kind: 'retention';
  readonly status: 'succeeded' | 'failed';
  readonly olderThanDays: number;
  readonly prune: PruneResult | null;
  readonly error: string | null;
}

export type JobOutcome = SkippedJob | SyncJobOutcome | RetentionJobOutcome;
