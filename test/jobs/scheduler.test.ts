import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobDefinitions, type JobDefinition } from '../../jobs/definitions.js';
import type { JobOutcome } from '../../jobs/run-job.js';
import { startScheduler, type Scheduler } from '../../jobs/scheduler.js';
import { memoryLogger } from '../support/source-context.js';

/**
 * startScheduler driven by a fake clock. node-cron 4 (dist/_shared.js, Runner) arms one
 * setTimeout per task for its next match (at most 24 h ahead), reads the time with `new Date()`
 * when it fires, and clears it with clearTimeout on stop: faking those (and Date) is enough, and
 * vi.advanceTimersByTimeAsync lets each tick's promises settle before the next timer fires.
 * setImmediate, nextTick and the microtask queue stay real.
 */
const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (day: string, hhmm: string) => `2026-11-${day}T${hhmm}:00.000Z`;
const pad = (n: number) => String(n).padStart(2, '0');
/** Every minute of 2026-11-28 (UTC) whose minute is in `minutes`, as ISO strings. */
const everyHourAt = (...minutes: number[]) =>
  Array.from({ length: 24 }, (_, h) => minutes.map((m) => iso('28', `${pad(h)}:${pad(m)}`))).flat();

/** The default definition of `name`, on another schedule. */
function job(name: JobDefinition['name'], schedule: string): JobDefinition {
  const base = jobDefinitions({}).find((j) => j.name === name);
  if (!base) throw new Error(`no job ${name}`);
  return { ...base, schedule };
}

interface Run {
  job: string;
  at: string;
}

/**
 * A fake `run` that records who ran when (the faked clock) and lasts `lasts(job)` simulated ms
 * (0: resolves at once). It also counts the runs in progress, to catch two at once.
 */
function recorder(lasts: (job: JobDefinition) => number = () => 0) {
  const runs: Run[] = [];
  const finished: Run[] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (j: JobDefinition): Promise<JobOutcome> => {
    runs.push({ job: j.name, at: new Date(Date.now()).toISOString() });
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      const ms = lasts(j);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      active--;
    }
    finished.push({ job: j.name, at: new Date(Date.now()).toISOString() });
    return { job: j.name, status: 'skipped', reason: 'test' };
  };
  return {
    run,
    runs,
    finished,
    times: (name: string) => runs.filter((r) => r.job === name).map((r) => r.at),
    get maxActive() {
      return maxActive;
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets pending promise callbacks run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

let scheduler: Scheduler | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-28T00:00:00Z'), toFake: [...FAKED] });
});

afterEach(() => {
  // A test that failed half-way may leave tasks armed: destroy them (clears their timers) before
  // the real clock is back, so nothing fires later in this worker.
  for (const { task } of scheduler?.tasks ?? []) void task.destroy();
  scheduler = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('startScheduler on a fake clock (UTC)', () => {
  it('over one UTC day, fires the AA job once at 02:17 and the OpenRouter job at every :00 and :30', async () => {
    // Start one second before the day, so its 00:00 tick is in the window too.
    vi.setSystemTime(new Date('2026-11-27T23:59:59Z'));
    const log = memoryLogger();
    const rec = recorder();
    scheduler = startScheduler(jobDefinitions({}), rec.run, log);
    expect(log.lines).toContain('info job aa-scores: scheduled "17 2 * * *" UTC, next run 2026-11-28T02:17:00.000Z');
    expect(log.lines).toContain('info job openrouter: scheduled "*/30 * * * *" UTC, next run 2026-11-28T00:00:00.000Z');

    await vi.advanceTimersByTimeAsync(1000 + DAY - 1); // up to 2026-11-28T23:59:59.999Z
    expect(new Date().toISOString()).toBe('2026-11-28T23:59:59.999Z');

    expect(rec.times('aa-scores')).toEqual([iso('28', '02:17')]);
    const halfHours = everyHourAt(0, 30);
    expect(halfHours).toHaveLength(48);
    expect(rec.times('openrouter')).toEqual(halfHours);
    // Both, in the order they ran (another job, if one is ever added, is left out here).
    const expected = [...halfHours.map((at) => ({ job: 'openrouter', at })), { job: 'aa-scores', at: iso('28', '02:17') }].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    expect(rec.runs.filter((r) => r.job === 'aa-scores' || r.job === 'openrouter')).toEqual(expected);
    expect(log.lines.filter((l) => l.startsWith('warn') || l.includes('skipped'))).toEqual([]);
  });

  it('fires at the times the environment overrides the schedules with', async () => {
    const log = memoryLogger();
    const rec = recorder();
    const jobs = jobDefinitions({ PARETO_SCHEDULE_AA: '45 23 * * *', PARETO_SCHEDULE_OPENROUTER: '5 */6 * * *' });
    scheduler = startScheduler(jobs, rec.run, log);
    expect(log.lines).toContain('info job aa-scores: scheduled "45 23 * * *" UTC, next run 2026-11-28T23:45:00.000Z');
    expect(log.lines).toContain('info job openrouter: scheduled "5 */6 * * *" UTC, next run 2026-11-28T00:05:00.000Z');

    await vi.advanceTimersByTimeAsync(DAY - 1);
    expect(rec.times('aa-scores')).toEqual([iso('28', '23:45')]);
    expect(rec.times('openrouter')).toEqual(['00:05', '06:05', '12:05', '18:05'].map((t) => iso('28', t)));
    // Not at the defaults.
    expect(rec.times('aa-scores')).not.toContain(iso('28', '02:17'));
  });

  it('skips, and logs, a tick that finds the same job still running (noOverlap)', async () => {
    // node-cron's own warning about each skipped tick goes to our log at debug, not to the console
    // (which would break one-JSON-object-per-line logs).
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = memoryLogger();
    // Every minute, each run lasting 150 s: the run of 00:01 is still going at 00:02 and 00:03.
    const rec = recorder(() => 150_000);
    scheduler = startScheduler([job('openrouter', '* * * * *')], rec.run, log);

    await vi.advanceTimersByTimeAsync(10 * MINUTE); // to 00:10:00, its tick included
    expect(rec.times('openrouter')).toEqual(['00:01', '00:04', '00:07', '00:10'].map((t) => iso('28', t)));
    expect(rec.finished.map((r) => r.at)).toEqual(['00:03:30', '00:06:30', '00:09:30'].map((t) => `2026-11-28T${t}.000Z`));
    expect(rec.maxActive).toBe(1);
    const skipped = log.lines.filter((l) => l.includes('previous run still in progress'));
    expect(skipped).toEqual(Array.from({ length: 6 }, () => 'info job openrouter: previous run still in progress; this tick is skipped'));
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(log.lines.filter((l) => l.startsWith('debug node-cron: '))).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(150_000); // let the last one finish before stopping
    await scheduler.stop();
  });

  it('never runs two jobs of this process at once: a tick of another job waits for the run in progress', async () => {
    const log = memoryLogger();
    // AA from 02:17 for 20 minutes: OpenRouter's 02:30 tick falls inside it.
    const rec = recorder((j) => (j.name === 'aa-scores' ? 20 * MINUTE : 0));
    scheduler = startScheduler([job('aa-scores', '17 2 * * *'), job('openrouter', '*/30 * * * *')], rec.run, log);

    await vi.advanceTimersByTimeAsync(3 * HOUR + 1);
    expect(rec.maxActive).toBe(1);
    expect(rec.runs).toEqual([
      { job: 'openrouter', at: iso('28', '00:30') },
      { job: 'openrouter', at: iso('28', '01:00') },
      { job: 'openrouter', at: iso('28', '01:30') },
      { job: 'openrouter', at: iso('28', '02:00') },
      { job: 'aa-scores', at: iso('28', '02:17') },
      { job: 'openrouter', at: iso('28', '02:37') }, // not 02:30: it waited for AA
      { job: 'openrouter', at: iso('28', '03:00') },
    ]);
    expect(log.lines).toContain('info job openrouter: waiting for job aa-scores to finish');
    await scheduler.stop();
  });

  it('runs two jobs due at the same minute one after the other', async () => {
    const log = memoryLogger();
    const rec = recorder(() => 5 * MINUTE);
    scheduler = startScheduler([job('aa-scores', '0 3 * * *'), job('openrouter', '0 */3 * * *')], rec.run, log);
    await vi.advanceTimersByTimeAsync(4 * HOUR);
    expect(rec.maxActive).toBe(1);
    expect(rec.runs).toEqual([
      { job: 'aa-scores', at: iso('28', '03:00') },
      { job: 'openrouter', at: iso('28', '03:05') },
    ]);
    expect(log.lines).toContain('info job openrouter: waiting for job aa-scores to finish');
    await scheduler.stop();
  });

  it('stop(): fires nothing afterwards and leaves no timer behind', async () => {
    const log = memoryLogger();
    const rec = recorder();
    scheduler = startScheduler(jobDefinitions({}), rec.run, log);
    await vi.advanceTimersByTimeAsync(HOUR); // 00:30 and 01:00
    expect(rec.times('openrouter')).toEqual([iso('28', '00:30'), iso('28', '01:00')]);

    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.tasks.map(({ task }) => task.getStatus())).toEqual(scheduler.tasks.map(() => 'destroyed'));
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(rec.runs).toHaveLength(2);
  });

  it('stop(): waits for the run in progress, and starts nothing while it waits', async () => {
    const log = memoryLogger();
    const aaRun = deferred();
    const events: string[] = [];
    const runs: Run[] = [];
    const run = async (j: JobDefinition): Promise<JobOutcome> => {
      runs.push({ job: j.name, at: new Date().toISOString() });
      if (j.name === 'aa-scores') {
        await aaRun.promise;
        events.push('run resolved');
      }
      return { job: j.name, status: 'skipped', reason: 'test' };
    };
    scheduler = startScheduler([job('aa-scores', '17 2 * * *'), job('openrouter', '*/30 * * * *')], run, log);
    await vi.advanceTimersByTimeAsync(2 * HOUR + 20 * MINUTE); // to 02:20: AA started at 02:17 and is running
    expect(runs.at(-1)).toEqual({ job: 'aa-scores', at: iso('28', '02:17') });
    const before = runs.length;

    const stopping = scheduler.stop().then(() => events.push('stop resolved'));
    await settle();
    expect(vi.getTimerCount()).toBe(0); // no tick armed any more, while the run goes on
    await vi.advanceTimersByTimeAsync(HOUR); // 02:30 and 03:00 would have fired
    expect(events).toEqual([]);
    expect(runs).toHaveLength(before);
    expect(log.lines.filter((l) => l.includes('waiting'))).toEqual([]);

    aaRun.resolve();
    await stopping;
    expect(events).toEqual(['run resolved', 'stop resolved']);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(runs).toHaveLength(before);
  });

  it('stop(): waits for every run in progress, not only the one started last', async () => {
    const log = memoryLogger();
    const aaRun = deferred();
    let aaDone = false;
    const runs: Run[] = [];
    const run = async (j: JobDefinition): Promise<JobOutcome> => {
      runs.push({ job: j.name, at: new Date().toISOString() });
      if (j.name === 'aa-scores') {
        await aaRun.promise;
        aaDone = true;
      }
      return { job: j.name, status: 'skipped', reason: 'test' };
    };
    // AA runs from 02:17 until released; OpenRouter ticks at 02:30, a quick one.
    scheduler = startScheduler([job('aa-scores', '17 2 * * *'), job('openrouter', '*/30 * * * *')], run, log);
    await vi.advanceTimersByTimeAsync(2 * HOUR + 40 * MINUTE);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await settle();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(stopped).toBe(false);
    aaRun.resolve();
    await stopping;
    expect(aaDone).toBe(true);
    // The 02:30 tick came while AA ran; once stopping, it does not start at all.
    expect(runs.filter((r) => r.at >= iso('28', '02:17'))).toEqual([{ job: 'aa-scores', at: iso('28', '02:17') }]);
  });

  it('logs a run that fails and keeps scheduling', async () => {
    const log = memoryLogger();
    let n = 0;
    const run = async (j: JobDefinition): Promise<JobOutcome> => {
      n++;
      if (n === 1) throw new Error('boom');
      return { job: j.name, status: 'skipped', reason: 'test' };
    };
    scheduler = startScheduler([job('openrouter', '*/30 * * * *')], run, log);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(n).toBe(2);
    expect(log.lines).toContain('warn job openrouter: boom');
    await scheduler.stop();
  });

  it('runNow (--run-now) queues behind the run in progress, and a tick due meanwhile waits its turn', async () => {
    const log = memoryLogger();
    const rec = recorder(() => 10 * MINUTE);
    vi.setSystemTime(new Date('2026-11-28T01:55:00Z'));
    scheduler = startScheduler([job('aa-scores', '17 2 * * *'), job('openrouter', '*/30 * * * *')], rec.run, log);
    void scheduler.runNow(job('aa-scores', '17 2 * * *'));
    void scheduler.runNow(job('openrouter', '*/30 * * * *'));
    await vi.advanceTimersByTimeAsync(30 * MINUTE); // to 02:25; the 02:00 tick came during the first run
    expect(rec.maxActive).toBe(1);
    expect(rec.runs).toEqual([
      { job: 'aa-scores', at: '2026-11-28T01:55:00.000Z' },
      { job: 'openrouter', at: '2026-11-28T02:05:00.000Z' },
      { job: 'openrouter', at: '2026-11-28T02:15:00.000Z' }, // the 02:00 tick, after both
      { job: 'aa-scores', at: '2026-11-28T02:25:00.000Z' }, // the 02:17 tick, after that
    ]);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(HOUR); // the run in progress ends; what was queued does not start
    await stopping;
    await scheduler.runNow(job('openrouter', '*/30 * * * *'));
    expect(rec.runs).toHaveLength(4); // nothing starts once stopped
  });

  it('passes each run the scheduled time of its tick, also when it had to wait its turn', async () => {
    const log = memoryLogger();
    const seen: Array<[string, string, string | undefined]> = [];
    const run = async (j: JobDefinition, tick?: Date): Promise<JobOutcome> => {
      seen.push([j.name, new Date().toISOString(), tick?.toISOString()]);
      if (j.name === 'aa-scores') await new Promise((r) => setTimeout(r, 20 * MINUTE));
      return { job: j.name, status: 'skipped', reason: 'test' };
    };
    vi.setSystemTime(new Date('2026-11-28T02:10:00Z'));
    scheduler = startScheduler([job('aa-scores', '17 2 * * *'), job('openrouter', '*/30 * * * *')], run, log);
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(seen).toEqual([
      ['aa-scores', iso('28', '02:17'), iso('28', '02:17')],
      ['openrouter', iso('28', '02:37'), iso('28', '02:30')],
    ]);
    await scheduler.runNow(job('openrouter', '*/30 * * * *'));
    expect(seen.at(-1)![2]).toBeUndefined();
    await scheduler.stop();
  });

  it('still runs a tick that fires late because the process was busy, and logs one dropped after the tolerance', async () => {
    const log = memoryLogger();
    const rec = recorder();
    vi.setSystemTime(new Date('2026-11-28T00:29:50Z'));
    scheduler = startScheduler([job('openrouter', '*/30 * * * *')], rec.run, log);
    // The event loop is blocked across 00:30 (a long synchronous write): the clock moves 4 s on
    // while no timer can fire, so node-cron's 00:30 timer fires 4 s late.
    vi.setSystemTime(new Date('2026-11-28T00:29:54Z'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(rec.runs).toEqual([{ job: 'openrouter', at: '2026-11-28T00:30:04.000Z' }]);
    // Asleep for 20 minutes across 01:00: past the tolerance, dropped, and said so.
    vi.setSystemTime(new Date('2026-11-28T00:50:04Z'));
    await vi.advanceTimersByTimeAsync(30 * MINUTE - 4000);
    expect(rec.runs).toHaveLength(1);
    expect(log.lines).toContain(
      'warn job openrouter: the tick of 2026-11-28T01:00:00.000Z was missed (the process was busy); the next one runs as usual',
    );
    await scheduler.stop();
  });
});
