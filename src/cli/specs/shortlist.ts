import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const shortlistSpec = {
  summary: 'show a published shortlist as tables per tier (--json: the artifact)',
  help: `pareto shortlist [VERSION] — show a published shortlist (default: latest)

  VERSION            a version number, latest, previous, or a path to an artifact file
  --versions         list the published versions
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json             print the artifact itself
`,
  flags: { versions: { type: 'boolean' }, ...DB_FLAG, ...SHORTLISTS_FLAG, ...JSON_FLAG },
  positionals: 1,
  words: ['latest', 'previous'],
} as const satisfies CommandSpec;
