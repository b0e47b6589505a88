import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from '../src/util/log.js';
import type { JobDefinition } from './definitions.js';
import type { JobOutcome } from './run-job.js';

export interface Scheduler {
  readonly tasks: ReadonlyArray<{ job: JobDefinition; task: ScheduledTask }>;
  /** Stops taking work and waits for the job in progress (which the caller may abort). */
  stop(): Promise<void>;
}

/**
 * node-cron tasks, created stopped and started here, in UTC. A tick that finds a job of this
 * process still running is skipped (noOverlap); another process is kept out by the lease.
 */
export function startScheduler(jobs: readonly JobDefinition[], run: (job: JobDefinition) => Promise<JobOutcome>, log: Logger): Scheduler {
  let current: Promise<unknown> = Promise.resolve();
  const tasks = jobs.map((job) => {
    const task = createTask(
      job.schedule,
      () => {
        const work = run(job).catch((error: unknown) => log.warn(`job ${job.name}: ${(error as Error).message}`));
        current = work;
        return work;
      },
      { name: job.name, timezone: 'Etc/UTC', noOverlap: true },
    );
    task.on('execution:overlap', () => log.info(`job ${job.name}: previous run still in progress; this tick is skipped`));
    void task.start();
    log.info(`job ${job.name}: scheduled "${job.schedule}" UTC, next run ${task.getNextRuns(1)[0]?.toISOString() ?? 'never'}`);
    return { job, task };
  });
  return {
    tasks,
    async stop() {
      for (const { task } of tasks) await task.stop();
      await current;
      for (const { task } of tasks) await task.destroy();
    },
  };
}
