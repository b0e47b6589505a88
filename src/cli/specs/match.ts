import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG } from './common.js';

export const matchSpec = {
  summary: 'review how AA rows map to OpenRouter models (matched, proposed, unmatched)',
  help: `pareto match — how each AA row of the latest AA sync maps to an OpenRouter (model, effort)

  --unmatched        only rows that are proposed or unmatched (what to review)
  --summary          the fidelity report instead of the rows: rows at or above the low band, how many
                     are on OpenRouter, matched / proposed / unmatched by reason, and the proposed
                     rows that would enter a tier if accepted (with --json: one object)
  --curation FILE    curation file with aliases (default $PARETO_CURATION or the bundled data/curation.json)
  --db FILE          database file
  --json             one JSON array: { aaId, aaSlug, aaName, model, effort, status, method,
                     cause, percentile, reason } per AA row

Review proposals and unmatched rows, then add aliases (keyed by AA id) to the curation file.
`,
  flags: { unmatched: { type: 'boolean' }, summary: { type: 'boolean' }, curation: { type: 'string' }, ...DB_FLAG, ...JSON_FLAG },
} as const satisfies CommandSpec;
