import type { CommandSpec } from '../spec.js';
import { DB_FLAG, JSON_FLAG, SHORTLISTS_FLAG } from './common.js';

export const resolveSpec = {
  summary: 'route a request from the latest shortlist (tier, nitro, max_price, session) and explain why',
  help: `pareto resolve — route one request from the latest shortlist, and say why

  --min-coding-score S   0..1: ≥ 0.66 high tier, ≥ 0.33 medium, below low (omitted: high)
  --nitro                fastest (p50 throughput) instead of cheapest
  --max-price P          USD per 1M input tokens: skip tiers, walk the price/score frontier
  --price-source SRC     prompt (default) or blended, for --max-price
  --session ID           session id (at most 256 characters)
  --shortlist V          version, latest (default), previous, or an artifact file
  --explain              print the rules applied
  --shortlists DIR       published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --json                 the resolution as JSON ({ tier, requestedTier, primary, fallbacks, stepped, version, … })

Exit 0 routed, 1 nothing to route to (none under --max-price, or nothing available), 2 invalid input.
`,
  flags: {
    'min-coding-score': { type: 'string' },
    nitro: { type: 'boolean' },
    'max-price': { type: 'string' },
    'price-source': { type: 'string' },
    session: { type: 'string' },
    shortlist: { type: 'string' },
    explain: { type: 'boolean' },
    ...DB_FLAG,
    ...SHORTLISTS_FLAG,
    ...JSON_FLAG,
  },
} as const satisfies CommandSpec;
