import type { Orm } from '../db/open.js';
import { lastJobRuns, listJobRuns, type JobRunRow } from '../db/queries/job-runs.js';

/** A job run as `pareto status` and `pareto jobs list` show it. */
export interface JobRunSummary {
  readonly job: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  /** The scheduled time it ran for; null for `jobs run` and `--run-now`. */
  readonly tick: string | null;
  readonly holder: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly detail: Record<string, unknown> | null;
  /** One line: what the run did, or why it failed. */
  readonly result: string;
}

/** The latest run of every job that has run on this database. */
export function lastJobRunSummaries(orm: Orm): JobRunSummary[] {
  return lastJobRuns(orm).map(summarize);
}

/**
 * The most recent job run that got as far as publishing (published, unchanged or refused),
 * whichever job it was: a run that failed before publishing, or is still running, says nothing
 * about whether the shortlist follows the data.
 */
export function lastPublishAttempt(orm: Orm, lookBack = 500): JobRunSummary | undefined {
  for (const row of listJobRuns(orm, lookBack)) {
    const run = summarize(row);
    if (run.detail?.publish) return run;
  }
  return undefined;
}

function summarize(row: JobRunRow): JobRunSummary {
  const detail = row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null;
  const status = row.status as JobRunSummary['status'];
  return {
    job: row.job,
    status,
    tick: row.tick,
    holder: row.holder,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
    detail,
    result: resultOf(status, row.error, detail),
  };
}

function resultOf(status: JobRunSummary['status'], error: string | null, detail: Record<string, unknown> | null): string {
  if (status === 'running') return 'running';
  if (error) return (error.trim().split('\n')[0] ?? '').trim();
  const publish = detail?.publish as { reason: string; version: number } | null | undefined;
  if (publish)
    return publish.reason === 'new' ? `published version ${publish.version}` : `${publish.reason}: version ${publish.version} stays`;
  if (typeof detail?.publishSkipped === 'string') return `nothing published: ${detail.publishSkipped}`;
  if (typeof detail?.runs === 'number')
    return `deleted ${detail.runs} sync runs and ${Number(detail.jobRuns ?? 0)} job runs older than ${Number(detail.olderThanDays)} days`;
  return status;
}
