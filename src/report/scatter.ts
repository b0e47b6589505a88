import { scaleLinear, scaleLog } from 'd3-scale';
import type { Variant } from '../artifact/chains.js';
import type { Entry } from '../artifact/schema.js';
import { esc } from './html.js';
import { placeLabels, type Box, type LabelRequest, type Obstacle } from './labels.js';
import { alongPath, frontierPath } from './frontier-line.js';
import { describePoint, effortLabel, type ReportPoint } from './points.js';
import { axes, band, bandLabelBox, CHART, M, NO_Y, round, STRIP, type Band } from './scatter-frame.js';

export { CHART, type Band } from './scatter-frame.js';

/**
 * One scatter chart as an SVG string: $/1M input on a log x axis, any measure on a linear y
 * axis, tier bands, the chain marks of one variant, an optional step line through the frontier,
 * and labels placed so they overlap nothing. Entries the axes cannot place (no price, a free
 * model on a log axis, an unknown y) sit in labelled strips at the edges, so every entry is a
 * point.
 */
export interface ScatterSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly y: (entry: Entry) => number | null;
  readonly yFormat: (value: number) => string;
  /** Include zero in the y domain (throughput) instead of fitting the data (scores). */
  readonly yFromZero?: boolean;
  readonly bands: readonly Band[];
  readonly variant: Variant;
  /** Entry ids of the frontier, drawn as a step line in price order. */
  readonly frontier: readonly string[] | null;
  /** Points to label, most important first. */
  readonly labels: readonly ReportPoint[];
}

export interface RenderedChart {
  readonly svg: string;
  readonly unplacedLabels: readonly string[];
  readonly labelBoxes: readonly Box[];
}

export function renderScatter(points: readonly ReportPoint[], spec: ScatterSpec): RenderedChart {
  const prices = points.map((p) => p.entry.price.promptPerM);
  const ys = points.map((p) => spec.y(p.entry));
  const priced = prices.filter((v): v is number => v !== null && v > 0);
  const measured = [...ys.filter((v): v is number => v !== null), ...spec.bands.flatMap((b) => [b.from, b.to])];
  // Nothing measured (no entries, or none with a known y): any sane domain keeps the axes drawable.
  const known = measured.length ? measured : [0, 1];
  const hasFree = prices.some((v) => v === 0);
  const hasNoPrice = prices.some((v) => v === null);
  const hasNoY = ys.some((v) => v === null);

  const plot = {
    left: M.left + (hasFree ? STRIP : 0),
    right: CHART.width - M.right - (hasNoPrice ? STRIP : 0),
    top: M.top,
    bottom: CHART.height - M.bottom - (hasNoY ? NO_Y : 0),
  };
  const lo = Math.min(...(priced.length ? priced : [1]));
  const hi = Math.max(...(priced.length ? priced : [1]));
  const x = scaleLog()
    .domain([lo / 1.35, hi * 1.35])
    .range([plot.left + 8, plot.right - 8]);
  const yMin = spec.yFromZero ? 0 : Math.min(...known);
  const yMax = Math.max(...known);
  const pad = (yMax - yMin) * 0.04 || 1;
  const y = scaleLinear()
    .domain([spec.yFromZero ? 0 : yMin - pad, yMax + pad])
    .range([plot.bottom, plot.top]);
  if (spec.yFromZero) y.nice();

  const px = (v: number | null) => (v === null ? CHART.width - M.right - STRIP / 2 : v === 0 ? M.left + STRIP / 2 : x(v));
  const py = (v: number | null) => (v === null ? plot.bottom + NO_Y / 2 + 2 : y(v));
  const at = points.map((p, i) => ({ point: p, cx: round(px(prices[i]!)), cy: round(py(ys[i]!)) }));

  const dots: Obstacle[] = at.map(({ cx, cy }) => ({ x: cx, y: cy, r: CHART.radius + 2 }));
  const bandBoxes = spec.bands.map((b) => bandLabelBox(b, y, plot, dots));
  const parts: string[] = [];
  parts.push(...spec.bands.map((b, i) => band(b, bandBoxes[i]!, y, plot)));
  parts.push(...axes(x, y, plot, spec, { hasFree, hasNoPrice, hasNoY }));
  const frontier = spec.frontier ? frontierPath(spec.frontier, at, plot.right) : null;
  if (frontier) parts.push(frontier.svg);
  parts.push(...at.map(({ point, cx, cy }) => pointMark(point, cx, cy, spec.variant)));

  const obstacles: Obstacle[] = [
    ...at.map(({ cx, cy, point }) => ({ x: cx, y: cy, r: point.roles[spec.variant] ? 10 : CHART.radius + 1 })),
    // The step line too, as a row of small dots, so no label is written across it.
    ...(frontier ? alongPath(frontier.corners, 5) : []),
  ];
  const where = new Map(at.map((a) => [a.point.key, a]));
  const requests: LabelRequest[] = spec.labels.flatMap((p) => {
    const a = where.get(p.key);
    return a ? [{ key: p.key, text: labelText(p.entry), x: a.cx, y: a.cy }] : [];
  });
  const { placed, unplaced } = placeLabels(requests, {
    bounds: { x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top },
    obstacles,
    reserved: bandBoxes,
    fontSize: CHART.fontSize,
  });
  for (const l of placed) {
    if (l.leader)
      parts.push(
        `<line class="leader" x1="${l.x}" y1="${l.y}" x2="${round(clamp(l.x, l.box.x, l.box.x + l.box.width))}" y2="${round(clamp(l.y, l.box.y, l.box.y + l.box.height))}"/>`,
      );
    parts.push(
      `<text class="label" data-key="${esc(l.key)}" x="${round(l.box.x + 1)}" y="${round(l.box.y + l.box.height - 4)}">${esc(l.text)}</text>`,
    );
  }

  const svg = `<svg id="${spec.id}" class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${esc(spec.title)}" font-size="${CHART.fontSize}">${parts.join('')}</svg>`;
  return { svg, unplacedLabels: unplaced.map((u) => u.key), labelBoxes: placed.map((l) => l.box) };
}

function pointMark(point: ReportPoint, cx: number, cy: number, variant: Variant): string {
  const role = point.roles[variant];
  const e = point.entry;
  const classes = ['point', `tier-${point.tier}`, e.frontier ? 'on-frontier' : '', e.available ? '' : 'unavailable']
    .filter(Boolean)
    .join(' ');
  const ring = role ? `<circle class="ring ${role}" cx="${cx}" cy="${cy}" r="${role === 'primary' ? 9 : 8}"/>` : '';
  return `<g class="${classes}" data-key="${esc(point.key)}" data-tier="${point.tier}" data-role="${role ?? ''}" tabindex="0"><title>${esc(describePoint(point).join('\n'))}</title>${ring}<circle class="dot" cx="${cx}" cy="${cy}" r="${CHART.radius}"/></g>`;
}

function labelText(entry: Entry): string {
  return `${entry.model.slice(entry.model.indexOf('/') + 1)} ${effortLabel(entry)}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
