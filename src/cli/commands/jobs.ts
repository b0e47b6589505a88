import { createTask } from 'node-cron';
import { jobByName, jobDefinitions, jobSources, type JobDefinition } from '../../../jobs/definitions.js';
import { processHolder, runJob, type JobOutcome } from '../../../jobs/run-job.js';
import { startScheduler } from '../../../jobs/scheduler.js';
import type { Config } from '../../config.js';
import { ParetoError } from '../../errors.js';
import { lastJobRunSummaries, type JobRunSummary } from '../../pipeline/job-history.js';
import { describePrune } from '../../pipeline/retention.js';
import { parseFlags } from '../args.js';
import { jobsSpec } from '../specs/jobs.js';
import { commandContext, type CommandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { abortOnSignals } from '../signals.js';
import { syncModeFromFlags } from '../sync-mode.js';
import { renderTable } from '../table.js';

export async function jobsCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, jobsSpec, 'jobs');
  const [action, name] = positionals;
  const ctx = commandContext(io, values);
  if (action === 'list') return listJobs(io, ctx, values.json ?? false);
  if (action !== 'run' && action !== 'start')
    throw new ParetoError('usage', `pareto jobs: unknown action "${action ?? ''}"`, { hint: 'use list, run NAME or start' });
  const { mode } = await syncModeFromFlags(ctx, io, values);
  const db = ctx.openDb();
  const controller = new AbortController();
  const deps = { config: ctx.config, db, log: ctx.log, mode, signal: controller.signal, holder: processHolder() };
  try {
    if (action === 'run') {
      if (!name) throw new ParetoError('usage', 'pareto jobs run: name a job', { hint: 'see `pareto jobs list`' });
      const job = jobByName(io.env, name);
      // Ctrl-C or a cron timeout's SIGTERM rolls the run back and gives the lease back at once,
      // instead of leaving it to expire and keep the next run out.
      const stopOnSignals = abortOnSignals(controller, (signal) =>
        ctx.log.info(`job ${job.name}: ${signal}: stopping; the run in progress is rolled back`),
      );
      const outcome = await runJob(deps, job).finally(stopOnSignals);
      if (values.json) printJson(io, outcome);
      else io.stdout(`${describe(outcome)}\n`);
      return outcome.status === 'failed' ? 1 : 0;
    }
    const jobs = jobDefinitions(io.env);
    // Signals first: a SIGTERM during the first run must stop it cleanly, not kill the process.
    const stopped = new Promise<void>((resolve) => {
      abortOnSignals(controller, (signal) => {
        ctx.log.info(`scheduler: ${signal}: stopping; the run in progress is rolled back if it has not finished`);
        resolve();
      });
    });
    const scheduler = startScheduler(jobs, (job, tick) => runJob(deps, job, tick), ctx.log);
    // Through the scheduler's queue, so a tick due meanwhile waits instead of running alongside.
    if (values['run-now']) for (const job of jobs) void scheduler.runNow(job);
    await stopped;
    await scheduler.stop();
    ctx.log.info('scheduler: stopped');
    return 0;
  } finally {
    db.close();
  }
}

function listJobs(io: Io, ctx: CommandContext, json: boolean): number {
  // Listing must not create a database; with none there is simply no history yet.
  const db = ctx.readDbIfAny();
  let lastRuns: Map<string, JobRunSummary>;
  try {
    lastRuns = new Map((db ? lastJobRunSummaries(db.orm) : []).map((r) => [r.job, r]));
  } finally {
    db?.close();
  }
  const jobs = jobDefinitions(io.env).map((j) => ({
    ...j,
    sources: jobSources(j, ctx.config),
    ...(j.kind === 'retention' ? { retentionDays: ctx.config.retentionDays } : {}),
    nextRun: nextRun(j.schedule),
    lastRun: lastRuns.get(j.name) ?? null,
  }));
  if (json) printJson(io, jobs);
  else {
    const last = (r: JobRunSummary | null) => (r ? `${r.status} ${r.startedAt}` : 'never');
    io.stdout(
      `${renderTable(
        ['job', 'schedule (UTC)', 'next run', 'last run', 'work'],
        jobs.map((j) => [j.name, j.schedule, j.nextRun ?? '-', last(j.lastRun), work(j, ctx.config)]),
        io.columns,
      )}\n`,
    );
  }
  return 0;
}

function work(job: JobDefinition, config: Config): string {
  if (job.kind === 'sync') {
    const sources = jobSources(job, config);
    return sources.length ? `sync ${sources.join(', ')}, then publish` : 'off: none of its sources is in PARETO_SOURCES';
  }
  return config.retentionDays === null ? 'off (PARETO_RETENTION_DAYS=off)' : `prune history older than ${config.retentionDays} days`;
}

function nextRun(schedule: string): string | null {
  // A task created stopped computes its next match without starting any timer.
  const task = createTask(schedule, () => undefined, { timezone: 'Etc/UTC' });
  const next = task.getNextRuns(1)[0]?.toISOString() ?? null;
  void task.destroy();
  return next;
}

function describe(o: JobOutcome): string {
  if (o.status === 'skipped') return `job ${o.job}: skipped: ${o.reason}`;
  if (o.kind === 'retention') {
    return o.prune
      ? `job ${o.job}: ${o.status}: ${describePrune(o.prune, { dryRun: false, rawOnly: false }).trim().replaceAll('\n', '; ')}`
      : `job ${o.job}: ${o.status}: ${o.error}`;
  }
  const publish = o.publish
    ? o.publish.reason === 'refused'
      ? `publish refused (${o.publish.previousVersion === null ? 'nothing is published yet' : `version ${o.publish.previousVersion} stays`}): ${o.publish.refusals.map((r) => r.message).join('; ')}`
      : `publish: ${o.publish.reason}, version ${o.publish.version}`
    : o.publishSkipped
      ? `nothing published: ${o.publishSkipped}`
      : `nothing published (${o.publishError ?? 'a source failed'}; the last shortlist stays)`;
  const sources = o.sync.sources.map((s) => `${s.source} ${s.status}${s.error ? ` (${s.error})` : ''}`).join('; ');
  return `job ${o.job}: ${o.status} after ${o.attempts} attempt(s): ${sources}; ${publish}`;
}
