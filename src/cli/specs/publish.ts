import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const publishSpec = {
  summary: 'build the shortlist from the latest syncs and publish a new version if it changed',
  help: `pareto publish — build the shortlist from the latest successful syncs and publish it if it changed

  --dry-run          build and check, write nothing
  --force            publish even when a guardrail refuses (empty tier, more than half of the
                     entries gone, AA index version or field changed)
  --db FILE          database file
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json             { published, version, contentHash, reason, refusals, warnings, … }

Writes <version>.json and latest.json into $PARETO_SHORTLISTS (default data/shortlists).
Exit 0 when published or unchanged, 1 when refused.
`,
  flags: { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, ...DB_FLAG, ...SHORTLISTS_FLAG, ...JSON_FLAG },
} as const satisfies CommandSpec;
