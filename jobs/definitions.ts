import { validate } from 'node-cron';
import type { Config, SourceId } from '../src/config.js';
import { ParetoError } from '../src/errors.js';
import { SOURCES } from '../src/sources/registry.js';

/**
 * The scheduled jobs, in UTC. A sync job syncs its sources and, when they all succeeded,
 * publishes. AA's Free quota is 100 requests a day and a sync costs about 5, so it runs nightly;
 * OpenRouter prices, availability and throughput move during the day, so they run every 30 min.
 * The retention job prunes old history once a day, away from the AA sync.
 */
export interface JobDefinition {
  readonly name: JobName;
  readonly kind: 'sync' | 'retention';
  readonly schedule: string;
  readonly sources: readonly SourceId[];
  readonly description: string;
}

export const JOB_NAMES = ['aa-scores', 'openrouter', 'retention'] as const;
export type JobName = (typeof JOB_NAMES)[number];

const DEFAULTS: Record<JobName, Omit<JobDefinition, 'name'>> = {
  'aa-scores': {
    kind: 'sync',
    schedule: '17 2 * * *',
    sources: ['artificial-analysis'],
    description: 'AA coding scores (nightly, within the daily request budget), then publish',
  },
  openrouter: {
    kind: 'sync',
    schedule: '*/30 * * * *',
    sources: ['openrouter-models', 'openrouter-endpoints'],
    description: 'OpenRouter models, prices and endpoint telemetry, then publish',
  },
  retention: {
    kind: 'retention',
    schedule: '47 3 * * *',
    sources: [],
    description: 'prune sync history older than PARETO_RETENTION_DAYS, keeping what published versions need',
  },
};

export const SCHEDULE_ENV: Record<JobName, string> = {
  'aa-scores': 'PARETO_SCHEDULE_AA',
  openrouter: 'PARETO_SCHEDULE_OPENROUTER',
  retention: 'PARETO_SCHEDULE_RETENTION',
};

/** The jobs with their schedules; PARETO_SCHEDULE_AA / _OPENROUTER / _RETENTION override them. */
export function jobDefinitions(env: NodeJS.ProcessEnv): JobDefinition[] {
  return JOB_NAMES.map((name) => {
    const override = env[SCHEDULE_ENV[name]]?.trim();
    const schedule = override || DEFAULTS[name].schedule;
    if (!validate(schedule)) {
      throw new ParetoError('config', `${SCHEDULE_ENV[name]}: "${schedule}" is not a cron expression`, {
        hint: 'five fields, minute hour day month weekday (or six, with seconds first), e.g. "17 2 * * *" (UTC)',
      });
    }
    return { name, ...DEFAULTS[name], schedule };
  });
}

export function jobByName(env: NodeJS.ProcessEnv, name: string): JobDefinition {
  const job = jobDefinitions(env).find((j) => j.name === name);
  if (!job) throw new ParetoError('usage', `no job "${name}"`, { hint: `jobs: ${JOB_NAMES.join(', ')}` });
  return job;
}

/**
 * The sources a sync job syncs under this configuration: those of its own that PARETO_SOURCES
 * lists (dropping openrouter-endpoints there saves its per-model requests), and, when listed, the
 * opt-in sources that declare they run with one of the job's own (the AA leaderboard with AA).
 */
export function jobSources(job: JobDefinition, config: Pick<Config, 'sources'>): SourceId[] {
  const listed = new Set(config.sources);
  const own: readonly string[] = job.sources;
  const extra = SOURCES.filter((s) => s.runsWith !== undefined && own.includes(s.runsWith) && !own.includes(s.id) && listed.has(s.id));
  return [...job.sources.filter((s) => listed.has(s)), ...extra.map((s) => s.id)];
}
