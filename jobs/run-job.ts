import os from 'node:os';
import type { Config } from '../src/config.js';
import { messageOf } from '../src/errors.js';
import type { Db } from '../src/db/open.js';
import { acquireLease, readLease, releaseLease } from '../src/db/queries/lease.js';
import { publishFromDatabase, type PublishOutcome } from '../src/pipeline/publish.js';
import { syncSources, type SyncMode, type SyncSummary } from '../src/pipeline/sync.js';
import type { Logger } from '../src/util/log.js';
import type { JobDefinition } from './definitions.js';

/** One lease for every job: they write the same tables and publish the same shortlist. */
export const LEASE_NAME = 'pipeline';

export interface JobDeps {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly mode: SyncMode;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  /** Who we are in the lease table: host and pid, so an operator can see who holds it. */
  readonly holder?: string;
  readonly leaseTtlMs?: number;
  /** Extra attempts of a sync whose failures were transient, with this backoff (ms) between. */
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type JobOutcome =
  | { readonly job: string; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly job: string;
      readonly status: 'succeeded' | 'failed';
      readonly attempts: number;
      readonly sync: SyncSummary;
      readonly publish: PublishOutcome | null;
      readonly publishError: string | null;
    };

// The HTTP client already retried each request; this retries the whole sync once the network is back.
const TRANSIENT = new Set(['network', 'timeout']);

/**
 * Runs a job once: take the lease (or skip, saying who holds it), sync its sources with retries
 * for transient failures, publish after a fully successful sync, give the lease back. A failed
 * run is recorded by the sync itself and publishes nothing: the last good shortlist stays.
 */
export async function runJob(deps: JobDeps, job: JobDefinition): Promise<JobOutcome> {
  const now = deps.now ?? (() => new Date());
  const holder = deps.holder ?? `${os.hostname()}:${process.pid}`;
  const ttl = deps.leaseTtlMs ?? 15 * 60_000;
  if (!acquireLease(deps.db.orm, LEASE_NAME, holder, now(), ttl)) {
    const lease = readLease(deps.db.orm, LEASE_NAME);
    const reason = `another scheduler holds the lease (${lease?.holder ?? 'unknown'}, until ${lease?.expiresAt ?? '?'})`;
    deps.log.info(`job ${job.name}: skipped: ${reason}`);
    return { job: job.name, status: 'skipped', reason };
  }
  // Renew while working, so a long run keeps the lease and a crashed one loses it within ttl.
  const renew = setInterval(() => acquireLease(deps.db.orm, LEASE_NAME, holder, now(), ttl), Math.max(1000, ttl / 3));
  renew.unref();
  try {
    deps.log.info(`job ${job.name}: started (${job.sources.join(', ')})`);
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let attempts = 0;
    let sync: SyncSummary;
    for (;;) {
      attempts++;
      sync = await syncSources(
        { config: deps.config, db: deps.db, log: deps.log, now, ...(deps.signal ? { signal: deps.signal } : {}) },
        { mode: deps.mode, sources: job.sources },
      );
      const failed = sync.sources.filter((s) => s.status === 'failed');
      // Judge by the first failure: later ones may only follow from it (no model list → no endpoints).
      const transient = failed.length > 0 && TRANSIENT.has(failed[0]!.errorCode ?? '');
      if (!transient || attempts > (deps.retries ?? 2) || deps.signal?.aborted) break;
      const wait = (deps.backoffMs ?? 30_000) * 2 ** (attempts - 1);
      deps.log.warn(`job ${job.name}: transient failure (${failed.map((s) => `${s.source}: ${s.errorCode}`).join(', ')}); retrying in ${Math.round(wait / 1000)} s`);
      await sleep(wait);
    }
    let publish: PublishOutcome | null = null;
    let publishError: string | null = null;
    if (sync.ok && !deps.signal?.aborted) {
      try {
        publish = publishFromDatabase({ config: deps.config, db: deps.db, now });
      } catch (error) {
        // Nothing to publish yet (say, AA synced before OpenRouter ever was) fails the job, not the scheduler.
        publishError = deps.config.redact(messageOf(error));
      }
    }
    const status = sync.ok && publish !== null && publish.reason !== 'refused' ? 'succeeded' : 'failed';
    const said = publish ? ` (publish: ${publish.reason}, version ${publish.version})` : ` (nothing published${publishError ? `: ${publishError}` : ''}; the last shortlist stays)`;
    deps.log.info(`job ${job.name}: ${status}${said}`);
    return { job: job.name, status, attempts, sync, publish, publishError };
  } finally {
    clearInterval(renew);
    releaseLease(deps.db.orm, LEASE_NAME, holder);
  }
}
