import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const jobsSpec = {
  summary: 'scheduled jobs: list, run one once, or start the scheduler (never overlapping)',
  help: `pareto jobs — the scheduled sync-and-publish jobs

  pareto jobs list                 the jobs, their schedules (UTC), next and last run times
  pareto jobs run NAME             run one job once now (for cron: see the README)
  pareto jobs start                run the scheduler in the foreground until SIGTERM or Ctrl-C
      --run-now                    with start: also run every job once at start

  --sample | --from DIR            use the bundled sample (or a recording) as the source
  --db FILE                        database file
  --shortlists DIR                 published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json                           one JSON document (list, run)
  --verbose                        debug lines too (node-cron's own among them)

Jobs: aa-scores (default "17 2 * * *", PARETO_SCHEDULE_AA), openrouter (default "*/30 * * * *",
PARETO_SCHEDULE_OPENROUTER) and retention (default "47 3 * * *", PARETO_SCHEDULE_RETENTION; prunes
history older than PARETO_RETENTION_DAYS, 30 by default, "off" to keep everything). Schedulers on
the same database never run a job at the same time: the one without the lease skips and says so.
`,
  flags: {
    sample: { type: 'boolean' },
    from: { type: 'string' },
    'run-now': { type: 'boolean' },
    verbose: { type: 'boolean' },
    ...DB_FLAG,
    ...SHORTLISTS_FLAG,
    ...JSON_FLAG,
  },
  positionals: 2,
  words: ['list', 'run', 'start', 'aa-scores', 'openrouter', 'retention'],
} as const satisfies CommandSpec;
