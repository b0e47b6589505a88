import { messageOf } from '../src/errors.js';
import { describePrune, pruneHistory, publishedRunIds } from '../src/pipeline/retention.js';
import type { JobDefinition } from './definitions.js';
import type { JobDeps, RetentionJobOutcome } from './job-types.js';

/**
 * Prunes history older than the configured retention, exactly as `pareto prune` does: the runs
 * published versions were built from and each source's latest success stay. An artifact that
 * cannot be read fails the job before the database is touched; the next day tries again.
 */
export function runRetentionJob(deps: JobDeps, job: JobDefinition, now: () => Date, olderThanDays: number): RetentionJobOutcome {
  deps.log.info(`job ${job.name}: started (history older than ${olderThanDays} days)`);
  try {
    const keepRunIds = publishedRunIds(deps.config.shortlistsDir);
    const prune = pruneHistory(deps.db, { olderThanDays, now: now(), keepRunIds });
    deps.log.info(`job ${job.name}: succeeded: ${describePrune(prune, { dryRun: false, rawOnly: false }).trim().replaceAll('\n', '; ')}`);
    return { job: job.name, kind: 'retention', status: 'succeeded', olderThanDays, prune, error: null };
  } catch (error) {
    const message = deps.config.redact(messageOf(error));
    deps.log.warn(`job ${job.name}: failed: ${message}`);
    return { job: job.name, kind: 'retention', status: 'failed', olderThanDays, prune: null, error: message };
  }
}
