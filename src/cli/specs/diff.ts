import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const diffSpec = {
  summary: 'compare two shortlist versions (text, --markdown, --json; exit 1 when different)',
  help: `pareto diff A B — compare two shortlist versions

  A, B               version numbers, latest, previous, or artifact file paths
  --markdown         Markdown for a pull request or chat
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json             the diff as one JSON document
  --price-pct N      report prompt price changes beyond N% (default 5)
  --throughput-pct N report p50 throughput changes beyond N% (default 20)

Exit status like diff(1): 0 no difference, 1 different, 2 error.
`,
  flags: {
    markdown: { type: 'boolean' },
    'price-pct': { type: 'string' },
    'throughput-pct': { type: 'string' },
    ...DB_FLAG,
    ...SHORTLISTS_FLAG,
    ...JSON_FLAG,
  },
  positionals: 2,
  words: ['latest', 'previous'],
} as const satisfies CommandSpec;
