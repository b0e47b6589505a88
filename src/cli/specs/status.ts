import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const statusSpec = {
  summary: 'data freshness per source, AA budget use, latest shortlist (exit 1 when stale)',
  help: `pareto status — is the data fresh? A health check for cron and monitoring

  --max-age SOURCE=DURATION[,…]   stale after this long (e.g. openrouter-models=90m,artificial-analysis=2d),
                                  repeatable; units s, m, h, d; defaults: artificial-analysis and
                                  aa-leaderboard 36h, openrouter-models and openrouter-endpoints 2h
  --db FILE                       database file
  --shortlists DIR                published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json                          one JSON document

Per source: last success and its age, last failure with its error, and STALE when the last
success is older than its maximum age (or there is none); "last run failed" flags a source whose
latest run failed while its data is still fresh. Also AA requests used today against the daily
budget, the shortlist version latest.json holds and its age (latest.json is loaded and verified
as routers load it, and must be the newest version), and whether a scheduled job is running
(and where, or that its holder looks dead).
A source that is off (not in PARETO_SOURCES but with runs, or AA without AA_API_KEY) is listed
but does not affect the exit code.
A missing database is reported, not created.
Exit 0 when every configured source is fresh, 1 when any is stale, latest.json is broken or not
the newest version, a job's lease holder looks dead, or the latest scheduled publish was refused
by a guardrail (and nothing was published since), 2 on bad usage.
`,
  flags: { 'max-age': { type: 'string', multiple: true }, ...DB_FLAG, ...SHORTLISTS_FLAG, ...JSON_FLAG },
} as const satisfies CommandSpec;
