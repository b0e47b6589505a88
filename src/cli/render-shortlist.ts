import { TIER_NAMES, type Entry, type Shortlist } from '../artifact/schema.js';
import { fitLines, renderTable } from './table.js';

/** The shortlist as people read it: one table per tier, cheapest first, then the attribution. */
export function renderShortlist(shortlist: Shortlist, width = Infinity): string {
  const created = shortlist.createdAt.replace(/\.\d+Z$/, 'Z');
  const field = shortlist.field;
  const lines = [
    `shortlist version ${shortlist.version}  ${created}  hash ${shortlist.contentHash.slice(0, 12)}`,
    `field: ${field.source}, ${field.size} rows${field.indexVersion === null ? '' : `, AA index v${field.indexVersion}`}`,
  ];
  for (const name of TIER_NAMES) {
    const tier = shortlist.tiers[name];
    lines.push('', `${name} (percentile ≥ ${tier.minPercentile}) — ${tier.entries.length} entries`);
    if (tier.entries.length === 0) continue;
    lines.push(
      renderTable(
        ['model', 'effort', 'pct', 'coding', '$/1M in', 'p50 tok/s', 'frontier', 'available'],
        tier.entries.map((e) => [
          e.model,
          e.effort ?? 'default',
          e.percentile,
          e.codingIndex,
          e.price.promptPerM,
          speed(e),
          e.frontier ? '*' : '',
          availability(e),
        ]),
        width,
      ),
    );
  }
  if (shortlist.unmatched.length > 0)
    lines.push('', `${shortlist.unmatched.length} AA rows would qualify but have no OpenRouter model (see \`pareto match --unmatched\`)`);
  lines.push('', shortlist.attribution, '');
  return fitLines(lines.join('\n'), width);
}

function speed(e: Entry): string | number {
  if (e.throughput.p50 === null) return '?';
  // AA's median is a fallback measured elsewhere; mark it so nobody mistakes it for live telemetry.
  return e.throughput.source === 'artificial-analysis' ? `${e.throughput.p50} (AA)` : e.throughput.p50;
}

function availability(e: Entry): string {
  if (e.availability.source === 'openrouter-models') return e.available ? 'listed' : 'no';
  return e.available ? `yes ${e.availability.okEndpoints}/${e.availability.endpoints}` : `no 0/${e.availability.endpoints}`;
}
