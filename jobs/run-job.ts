import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { messageOf } from '../src/errors.js';
import { failAbandonedJobRuns, finishJobRun, jobRunOfTick, startJobRun } from '../src/db/queries/job-runs.js';
import { acquireLease, PIPELINE_LEASE, readLease, releaseLease, takeOverLease } from '../src/db/queries/lease.js';
import { holderLooksDead } from '../src/util/process-alive.js';
import { jobSources, type JobDefinition } from './definitions.js';
import { jobRunRecord } from './job-record.js';
import { runRetentionJob } from './retention-job.js';
import type { JobDeps, JobOutcome, SkippedJob } from './job-types.js';
import { runSyncJob } from './sync-job.js';

export const LEASE_NAME = PIPELINE_LEASE;

const PROCESS_ID = randomBytes(3).toString('hex');

/**
 * This process in the lease and job tables: host and pid so an operator can find it, and a random
 * id because two containers can share a hostname and both run as pid 1.
 */
export function processHolder(): string {
  return `${os.hostname()}:${process.pid}:${PROCESS_ID}`;
}

export type { JobDeps, JobOutcome, RetentionJobOutcome, SkippedJob, SyncJobOutcome } from './job-types.js';

/**
 * Runs a job once: take the lease (or skip, saying who holds it), claim the scheduled tick when
 * there is one (or skip: another scheduler on this database already ran it), do the work, give
 * the lease back. While the work runs the lease is renewed, so a long run keeps it and a crashed
 * holder loses it within one ttl.
 */
export async function runJob(deps: JobDeps, job: JobDefinition, tick?: Date): Promise<JobOutcome> {
  const skip = (reason: string): SkippedJob => {
    deps.log.info(`job ${job.name}: skipped: ${reason}`);
    return { job: job.name, status: 'skipped', reason };
  };
  const retentionDays = deps.config.retentionDays;
  if (job.kind === 'retention' && retentionDays === null) return skip('retention is off (PARETO_RETENTION_DAYS=off): history is kept');
  if (job.kind === 'sync' && jobSources(job, deps.config).length === 0)
    return skip(`none of its sources (${job.sources.join(', ')}) is in PARETO_SOURCES`);
  const { orm } = deps.db;
  const now = deps.now ?? (() => new Date());
  const holder = deps.holder ?? processHolder();
  const ttl = deps.leaseTtlMs ?? 15 * 60_000;
  if (!acquireLease(orm, LEASE_NAME, holder, now(), ttl)) {
    const lease = readLease(orm, LEASE_NAME);
    // A holder killed on this host (kill -9, OOM) would block every job until its lease expires.
    const dead = lease !== undefined && holderLooksDead(lease.holder, { self: holder });
    if (!dead || !takeOverLease(orm, LEASE_NAME, lease.holder, holder, now(), ttl)) {
      return skip(`another scheduler holds the lease (${lease?.holder ?? 'unknown'}, until ${lease?.expiresAt ?? '?'})`);
    }
    deps.log.warn(`job ${job.name}: took over the lease of ${lease.holder}: that process is no longer running on this host`);
  }
  // From here on the lease is ours: whatever happens, including a database error, it is given back.
  let lease: { signal: AbortSignal; stop(): void } | undefined;
  let runId: number | null = null;
  try {
    // The tick is claimed under the lease: a scheduler that could not get the lease leaves the
    // tick to the one that holds it, which runs it once its own job is done.
    runId = startJobRun(orm, { job: job.name, tick: tick?.toISOString() ?? null, holder, now: now() });
    if (runId === null)
      return skip(
        `the ${tick!.toISOString()} tick already ran on ${jobRunOfTick(orm, job.name, tick!.toISOString())?.holder ?? 'another scheduler'}`,
      );
    failAbandonedJobRuns(orm, runId, now());
    lease = keepLease(deps, job, holder, ttl, now);
    const working = { ...deps, signal: lease.signal };
    const outcome = job.kind === 'retention' ? runRetentionJob(working, job, now, retentionDays ?? 0) : await runSyncJob(working, job, now);
    finishJobRun(orm, runId, { status: outcome.status, finishedAt: now(), ...jobRunRecord(outcome) });
    return outcome;
  } catch (error) {
    const message = deps.config.redact(messageOf(error));
    deps.log.warn(`job ${job.name}: failed: ${message}`);
    if (runId !== null) {
      try {
        finishJobRun(orm, runId, { status: 'failed', finishedAt: now(), error: message, detail: null });
      } catch {
        // The database itself is failing; the next job marks this run abandoned.
      }
    }
    throw error;
  } finally {
    lease?.stop();
    releaseLease(orm, LEASE_NAME, holder);
  }
}

/**
 * Renews the lease every ttl/3 while the work runs. Losing it means this process stalled past
 * the expiry (a suspended VM, say) and another scheduler took over: the work is then aborted, and
 * rolled back like an interrupted run, so two schedulers never write at once. A renewal that
 * fails (the database busy beyond its timeout) is tried again at the next interval.
 */
function keepLease(deps: JobDeps, job: JobDefinition, holder: string, ttl: number, now: () => Date): { signal: AbortSignal; stop(): void } {
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      try {
        if (acquireLease(deps.db.orm, LEASE_NAME, holder, now(), ttl)) return;
        const other = readLease(deps.db.orm, LEASE_NAME)?.holder ?? 'another scheduler';
        deps.log.warn(`job ${job.name}: lost the lease to ${other}; stopping this run, it is rolled back`);
        clearInterval(timer);
        lost.abort();
      } catch (error) {
        deps.log.warn(`job ${job.name}: could not renew the lease (${messageOf(error)}); trying again shortly`);
      }
    },
    Math.max(1000, ttl / 3),
  );
  timer.unref();
  return { signal: deps.signal ? AbortSignal.any([deps.signal, lost.signal]) : lost.signal, stop: () => clearInterval(timer) };
}
