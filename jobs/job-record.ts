import { sourceError } from '../src/pipeline/sync.js';
import type { RetentionJobOutcome, SyncJobOutcome } from './job-types.js';

/**
 * What the job_runs table keeps of a finished run: the error that ended it, if any, and a small
 * JSON detail for `pareto jobs list`, `pareto status` and anyone auditing the history (the sync
 * runs and shortlist versions it made, or what retention deleted).
 */
export function jobRunRecord(outcome: SyncJobOutcome | RetentionJobOutcome): { error: string | null; detail: unknown } {
  if (outcome.kind === 'retention') {
    const p = outcome.prune;
    return {
      error: outcome.error,
      detail: {
        olderThanDays: outcome.olderThanDays,
        ...(p
          ? {
              cutoff: p.cutoff,
              runs: p.runs.length,
              rawResponses: p.rawResponses,
              observations: p.observations,
              keptForShortlists: p.keptForShortlists.length,
              jobRuns: p.jobRuns,
            }
          : {}),
      },
    };
  }
  const failed = outcome.sync.sources.find((s) => s.status === 'failed');
  const refused =
    outcome.publish?.reason === 'refused' ? `publish refused: ${outcome.publish.refusals.map((r) => r.message).join('; ')}` : null;
  return {
    error: failed ? sourceError(failed) : (outcome.publishError ?? refused ?? (outcome.interrupted ? INTERRUPTED : null)),
    detail: {
      attempts: outcome.attempts,
      sync: outcome.sync.sources.map((s) => ({ source: s.source, status: s.status, runId: s.runId, rows: s.rows })),
      // A refused publish keeps the previous version; `version` is always the one routers serve.
      publish: outcome.publish
        ? {
            reason: outcome.publish.reason,
            version: outcome.publish.reason === 'refused' ? outcome.publish.previousVersion : outcome.publish.version,
          }
        : null,
      ...(outcome.publishSkipped ? { publishSkipped: outcome.publishSkipped } : {}),
    },
  };
}

const INTERRUPTED = 'interrupted: stopped (a signal, or the lease was lost) before the run finished';
