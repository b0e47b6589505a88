import type { CommandSpec } from '../spec.js';
import { JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const reportSpec = {
  summary: 'write a shortlist version as one offline HTML page: frontier chart, tiers, changes, history',
  help: `pareto report [VERSION] — write the HTML report of a shortlist version (default: latest)

  VERSION            a version number, latest, previous, or a path to an artifact file
  --out FILE         where to write it (default: <version>.html in the shortlists folder,
                     or x.html beside an artifact file x.json)
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json             { version, file, bytes, previousVersion, historyVersions, skippedHistory }

One self-contained page that loads nothing from the network: the price/score frontier, the
:nitro view, each tier's chains and entries, what changed since the previous version, the
history of primaries and entry counts, and provenance with AA's attribution.
`,
  flags: { out: { type: 'string' }, ...SHORTLISTS_FLAG, ...JSON_FLAG },
  positionals: 1,
  words: ['latest', 'previous'],
} as const satisfies CommandSpec;
