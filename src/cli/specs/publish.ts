import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const publishSpec = {
  summary: 'build the shortlist from the latest syncs and publish a new version if it changed',
  help: `pareto publish — build the shortlist from the latest successful syncs and publish it if it changed

  --dry-run          build and check, write nothing
  --force            publish even when a guardrail refuses (empty tier, more than half of the
                     entries gone, AA index version or field changed, a first move to AA's
                     scores keeping fewer than half the models, field shrunk by more than a tenth)
  --no-report        do not write the HTML report beside a new version
  --db FILE          database file
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json             { published, version, contentHash, reason, refusals, warnings, report, … }

Writes <version>.json and latest.json into $PARETO_SHORTLISTS (default data/shortlists), and
<version>.html, the report of a new version (see \`pareto report\`).
Exit 0 when published or unchanged, 1 when refused or when the report of a new version could
not be written (the version stays published; \`pareto report VERSION\` writes it again).
`,
  flags: {
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    'no-report': { type: 'boolean' },
    ...DB_FLAG,
    ...SHORTLISTS_FLAG,
    ...JSON_FLAG,
  },
} as const satisfies CommandSpec;
