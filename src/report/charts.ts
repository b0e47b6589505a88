import { TIER_NAMES, type Shortlist } from '../artifact/schema.js';
import type { ReportPoint } from './points.js';
import { renderScatter, type Band, type RenderedChart } from './scatter.js';

/**
 * The report's three charts. The percentile and coding-index views of the frontier are both
 * rendered here so the page can switch between them without JavaScript.
 */
export interface ReportCharts {
  readonly percentile: RenderedChart;
  readonly codingIndex: RenderedChart;
  readonly nitro: RenderedChart;
}

export function renderCharts(shortlist: Shortlist, points: readonly ReportPoint[]): ReportCharts {
  const frontierOrder = new Map(shortlist.frontier.map((id, i) => [id, i]));
  // Frontier points first (best score first, as routing walks it), then the rest of the cheapest chains.
  const frontierLabels = [
    ...points.filter((p) => frontierOrder.has(p.entry.id)).sort((a, b) => frontierOrder.get(a.entry.id)! - frontierOrder.get(b.entry.id)!),
    ...points.filter((p) => p.roles.default === 'primary' && !frontierOrder.has(p.entry.id)),
    ...points.filter((p) => p.roles.default !== null && p.roles.default !== 'primary' && !frontierOrder.has(p.entry.id)),
  ];
  const nitroLabels = [
    ...points.filter((p) => p.roles.nitro === 'primary'),
    ...points.filter((p) => p.roles.nitro !== null && p.roles.nitro !== 'primary'),
  ];
  const common = { variant: 'default' as const, frontier: shortlist.frontier, labels: frontierLabels };
  return {
    percentile: renderScatter(points, {
      ...common,
      id: 'chart-percentile',
      title: 'Coding percentile against prompt price, every entry, with the price/score frontier',
      yLabel: 'AA coding percentile',
      y: (e) => e.percentile,
      yFormat: (v) => `p${v}`,
      bands: percentileBands(shortlist),
    }),
    codingIndex: renderScatter(points, {
      ...common,
      id: 'chart-index',
      title: 'AA coding index against prompt price, every entry, with the price/score frontier',
      yLabel: 'AA coding index',
      y: (e) => e.codingIndex,
      yFormat: (v) => String(v),
      bands: indexBands(points),
    }),
    nitro: renderScatter(points, {
      id: 'chart-nitro',
      title: 'p50 throughput against prompt price, every entry, with the :nitro chains',
      yLabel: 'p50 output tokens/s',
      y: (e) => e.throughput.p50,
      yFormat: (v) => String(v),
      yFromZero: true,
      bands: [],
      variant: 'nitro',
      frontier: null,
      labels: nitroLabels,
    }),
  };
}

/** Each tier's band runs from its lowest percentile up to the next tier's. */
function percentileBands(shortlist: Shortlist): Band[] {
  return TIER_NAMES.map((tier, i) => {
    const from = shortlist.tiers[tier].minPercentile;
    const to = i === 0 ? 100 : shortlist.tiers[TIER_NAMES[i - 1]!].minPercentile;
    return { tier, label: `${tier} ≥ p${from}`, from, to };
  });
}

/**
 * Tiers are cut on percentiles, not on the index, so in index terms a band is where the tier's
 * entries actually lie: from its lowest index up to the next tier's lowest.
 */
function indexBands(points: readonly ReportPoint[]): Band[] {
  const lowest = (tier: string) => Math.min(...points.filter((p) => p.tier === tier).map((p) => p.entry.codingIndex));
  const top = Math.max(...points.map((p) => p.entry.codingIndex));
  const bands: Band[] = [];
  let ceiling = top;
  for (const tier of TIER_NAMES) {
    const from = lowest(tier);
    if (!Number.isFinite(from)) continue;
    bands.push({ tier, label: `${tier} (index ≥ ${from})`, from: Math.min(from, ceiling), to: ceiling });
    ceiling = Math.min(from, ceiling);
  }
  return bands;
}
