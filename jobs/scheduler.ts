import { createTask, type ScheduledTask, type TaskOptions } from 'node-cron';
import type { Logger } from '../src/util/log.js';
import type { JobDefinition } from './definitions.js';
import type { JobOutcome } from './job-types.js';

/** How late a tick may still run. */
export const MISSED_TICK_TOLERANCE_MS = 10 * 60_000;

export interface Scheduler {
  readonly tasks: ReadonlyArray<{ job: JobDefinition; task: ScheduledTask }>;
  /** Queues a run of `job` now (for `--run-now`), behind any run in progress. */
  runNow(job: JobDefinition): Promise<void>;
  /** Stops taking work and waits for the job in progress (which the caller may abort). */
  stop(): Promise<void>;
}

/**
 * node-cron tasks, created stopped and started here, in UTC. A tick that finds the same job still
 * running is skipped (noOverlap); a tick of another job waits for the run in progress, so runs of
 * this process go one at a time (they share one lease, which is ours for each of them: two at once
 * would let the first to finish release it while the other still runs). Another process is kept
 * out by the lease, and does not run a tick again once one scheduler has (see runJob).
 */
export function startScheduler(
  jobs: readonly JobDefinition[],
  run: (job: JobDefinition, tick?: Date) => Promise<JobOutcome>,
  log: Logger,
): Scheduler {
  // The runs of this process, one after another; `queue` settles when the last one queued has.
  let queue: Promise<void> = Promise.resolve();
  const pending: string[] = [];
  let stopping = false;

  // `tick` is the scheduled time a cron tick stands for (none for --run-now).
  const enqueue = (job: JobDefinition, tick?: Date): Promise<void> => {
    if (pending.length > 0) log.info(`job ${job.name}: waiting for job ${pending.join(', ')} to finish`);
    pending.push(job.name);
    queue = queue.then(async () => {
      try {
        if (!stopping) await run(job, tick);
      } catch (error) {
        log.warn(`job ${job.name}: ${(error as Error).message}`);
      } finally {
        pending.splice(pending.indexOf(job.name), 1);
      }
    });
    return queue;
  };

  const tasks = jobs.map((job) => {
    const task = createTask(job.schedule, (ctx) => enqueue(job, ctx.date), {
      name: job.name,
      timezone: 'Etc/UTC',
      noOverlap: true,
      // node-cron drops a tick that fires more than 1 s late (the event loop was busy: a SQLite
      // write, a publish); a late run is better than none, and a tick is claimed once anyway.
      missedExecutionTolerance: MISSED_TICK_TOLERANCE_MS,
      logger: cronLogger(log),
    });
    task.on('execution:overlap', () => log.info(`job ${job.name}: previous run still in progress; this tick is skipped`));
    // A tick later than the tolerance (the machine slept, say) is dropped; say so.
    task.on('execution:missed', (ctx) =>
      log.warn(`job ${job.name}: the tick of ${ctx.date.toISOString()} was missed (the process was busy); the next one runs as usual`),
    );
    void task.start();
    log.info(`job ${job.name}: scheduled "${job.schedule}" UTC, next run ${task.getNextRuns(1)[0]?.toISOString() ?? 'never'}`);
    return { job, task };
  });
  return {
    tasks,
    runNow: (job) => (stopping ? Promise.resolve() : enqueue(job)),
    async stop() {
      stopping = true;
      for (const { task } of tasks) await task.stop();
      await queue;
      for (const { task } of tasks) await task.destroy();
    },
  };
}

/**
 * node-cron would print its own coloured warnings to the console, breaking one-JSON-object-per-line
 * logs; the events above say the same in our words, so its own lines go to debug.
 */
function cronLogger(log: Logger): NonNullable<TaskOptions['logger']> {
  const say = (message: string | Error, error?: Error) =>
    log.debug(`node-cron: ${message instanceof Error ? message.message : message}${error ? ` (${error.message})` : ''}`);
  return { info: say, warn: say, error: say, debug: say };
}
