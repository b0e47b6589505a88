import { chainEntries, VARIANTS } from '../artifact/chains.js';
import { TIER_NAMES, type Entry, type Shortlist } from '../artifact/schema.js';
import { code, esc, money, table } from './html.js';
import { availabilityLabel, effortLabel, roleLabel, throughputLabel, type ReportPoint } from './points.js';

/** Per tier: the cheapest and :nitro chains, then every entry in price order. */
export function renderTiers(shortlist: Shortlist, points: readonly ReportPoint[]): string {
  const byKey = new Map(points.map((p) => [p.key, p]));
  return TIER_NAMES.map((tier) => {
    const t = shortlist.tiers[tier];
    const chains = VARIANTS.map((variant) => {
      const chain = chainEntries(t, variant);
      const names = chain.length ? chain.map((e) => code(e.id)).join(' → ') : '<em>none available</em>';
      return `<li><strong>${variant === 'nitro' ? ':nitro (fastest)' : 'cheapest'}</strong>: ${names}</li>`;
    });
    const rows = t.entries.map((e) => entryRow(e, byKey.get(`${tier}:${e.id}`)));
    return `<section class="tier" id="tier-${tier}">
<h3><span class="swatch tier-${tier}"></span>${tier} — percentile ≥ ${t.minPercentile}, ${t.entries.length} entries</h3>
<ul class="chains">${chains.join('')}</ul>
${table(['model', 'effort', 'pct', 'coding index', 'prompt $/1M', 'blended $/1M', 'p50 throughput', 'availability', 'frontier', 'chain', 'match', 'pin'], rows, 'entries')}
</section>`;
  }).join('\n');
}

function entryRow(e: Entry, point: ReportPoint | undefined): string[] {
  const roles = point ? VARIANTS.flatMap((v) => (point.roles[v] ? [roleLabel(point.roles[v], v)] : [])) : [];
  return [
    code(e.model),
    esc(effortLabel(e)),
    esc(e.percentile),
    esc(e.codingIndex),
    esc(money(e.price.promptPerM)),
    esc(money(e.price.blendedPerM)),
    esc(throughputLabel(e)),
    esc(availabilityLabel(e)),
    e.frontier ? '✓' : '',
    esc(roles.join(', ')),
    esc(e.match),
    esc(e.pinned?.reason ?? ''),
  ];
}
