import { messageOf } from '../src/errors.js';
import { hasModelList } from '../src/pipeline/curation-input.js';
import { publishFromDatabase, type PublishOutcome } from '../src/pipeline/publish.js';
import { reportNewVersion } from '../src/pipeline/report.js';
import { isTransientFailure } from '../src/http/errors.js';
import { abortableSleep } from '../src/util/abortable-sleep.js';
import { syncSources, type SourceSummary, type SyncSummary } from '../src/pipeline/sync.js';
import { jobSources, type JobDefinition } from './definitions.js';
import type { JobDeps, SyncJobOutcome } from './job-types.js';

/** A failed source worth another attempt of the whole sync a little later (see isTransientFailure). */
export function isTransient(source: Pick<SourceSummary, 'errorCode' | 'errorStatus'>): boolean {
  return isTransientFailure(source.errorCode, source.errorStatus);
}

/**
 * Syncs the job's sources, retrying the whole sync with backoff while its failures are
 * transient, and publishes after a fully successful sync. A failed run is recorded by the sync
 * itself and publishes nothing: the last good shortlist stays.
 */
export async function runSyncJob(deps: JobDeps, job: JobDefinition, now: () => Date): Promise<SyncJobOutcome> {
  const sources = jobSources(job, deps.config);
  deps.log.info(`job ${job.name}: started (${sources.join(', ')})`);
  const sleep = deps.sleep ?? ((ms: number) => abortableSleep(ms, deps.signal));
  let attempts = 0;
  let sync: SyncSummary;
  for (;;) {
    attempts++;
    sync = await syncSources(
      { config: deps.config, db: deps.db, log: deps.log, now, ...(deps.signal ? { signal: deps.signal } : {}) },
      { mode: deps.mode, sources },
    );
    const failed = sync.sources.filter((s) => s.status === 'failed');
    // Judge by the first failure: later ones may only follow from it (no model list → no endpoints).
    const transient = failed.length > 0 && isTransient(failed[0]!);
    if (!transient || attempts > (deps.retries ?? 2) || deps.signal?.aborted) break;
    const wait = (deps.backoffMs ?? 30_000) * 2 ** (attempts - 1);
    const said = failed.map((s) => `${s.source}: ${s.errorCode}${s.errorStatus ? ` ${s.errorStatus}` : ''}`).join(', ');
    deps.log.warn(`job ${job.name}: transient failure (${said}); retrying in ${Math.round(wait / 1000)} s`);
    await sleep(wait);
    // Stopped while waiting: this attempt's failure is the run's result.
    if (deps.signal?.aborted) break;
  }
  let publish: PublishOutcome | null = null;
  let publishError: string | null = null;
  let publishSkipped: string | null = null;
  if (sync.ok && !deps.signal?.aborted && !hasModelList(deps.db.orm)) {
    // A first AA sync on a fresh database: there is no model list to route to yet. Not a failure:
    // the first OpenRouter sync publishes, with these scores.
    publishSkipped = 'no OpenRouter model list yet; the first openrouter job publishes';
  } else if (sync.ok && !deps.signal?.aborted) {
    try {
      publish = publishFromDatabase({ config: deps.config, db: deps.db, now });
    } catch (error) {
      // Nothing to publish yet (say, AA synced before OpenRouter ever was) fails the job, not the scheduler.
      publishError = deps.config.redact(messageOf(error));
    }
  }
  const status = sync.ok && (publishSkipped !== null || (publish !== null && publish.reason !== 'refused')) ? 'succeeded' : 'failed';
  const said = publish
    ? publish.reason === 'refused'
      ? ` (publish refused; ${publish.previousVersion === null ? 'nothing is published yet' : `version ${publish.previousVersion} stays`})`
      : ` (publish: ${publish.reason}, version ${publish.version})`
    : publishSkipped
      ? ` (nothing published: ${publishSkipped})`
      : ` (nothing published${publishError ? `: ${publishError}` : ''}; the last shortlist stays)`;
  deps.log.info(`job ${job.name}: ${status}${said}`);
  // A scheduled version gets its report too; a failing report leaves the version published.
  const report = publish ? reportNewVersion(publish, deps.config.shortlistsDir, false) : null;
  if (report && 'error' in report)
    deps.log.warn(
      `job ${job.name}: the report of version ${publish!.version} failed: ${report.error}; the version stays published, write it with \`${report.retry}\``,
    );
  if (publish?.repairedLatest) deps.log.warn(`job ${job.name}: repaired latest.json: ${publish.repairedLatest}`);
  if (publish?.reason === 'refused') {
    // The shortlist stays frozen until a person looks: say what and how, where monitoring sees it.
    deps.log.warn(
      `job ${job.name}: publish refused, ${publish.previousVersion === null ? 'nothing is published yet' : `the shortlist stays at version ${publish.previousVersion}`}: ${publish.refusals.map((r) => r.message).join('; ')}; review with \`pareto publish --dry-run --json\`, then run \`pareto publish --force\` if the change is real`,
    );
  }
  return {
    job: job.name,
    kind: 'sync',
    status,
    attempts,
    sync,
    publish,
    publishError,
    publishSkipped,
    interrupted: deps.signal?.aborted ?? false,
  };
}
