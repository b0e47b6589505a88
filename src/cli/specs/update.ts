import type { CommandSpec } from '../spec.js';
import { SHORTLISTS_FLAG } from './common.js';
import { SYNC_FLAGS } from './sync.js';

export const updateSpec = {
  summary: 'sync, publish, and show the shortlist (the main command; --sample works offline)',
  help: `pareto update — sync the sources, publish the shortlist if it changed, and show it

  Takes every flag of \`pareto sync\` (--sample, --from DIR, --source, --models, --db, --dry-run)
  and of \`pareto publish\` (--force, --no-report, --shortlists). Nothing is published when a
  source failed: the last published version stays. A new version gets its HTML report beside it.
  --json prints { sync, publish, report, shortlist }.
`,
  flags: { ...SYNC_FLAGS, ...SHORTLISTS_FLAG, force: { type: 'boolean' }, 'no-report': { type: 'boolean' } },
} as const satisfies CommandSpec;
