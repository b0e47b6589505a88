import { scaleLinear, scaleLog } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import type { Variant } from '../artifact/primaries.js';
import type { Entry } from '../artifact/schema.js';
import { esc } from './html.js';
import { placeLabels, type Box, type LabelRequest, type Obstacle } from './labels.js';
import { describePoint, effortLabel, type ReportPoint } from './points.js';

/**
 * One scatter chart as an SVG string: $/1M input on a log x axis, any measure on a linear y
 * axis, tier bands, the chain marks of one variant, an optional step line through the frontier,
 * and labels placed so they overlap nothing. Entries the axes cannot place (no price, a free
 * model on a log axis, an unknown y) sit in labelled strips at the edges, so every entry is a
 * point.
 */
export interface Band {
  readonly tier: string;
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

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

export const CHART = { width: 1200, height: 500, fontSize: 12, radius: 4.5 } as const;
const M = { top: 14, right: 14, bottom: 44, left: 66 };
/** Height of the strip under the x axis for entries whose y is unknown. */
const NO_Y = 26;
const STRIP = 46;
const PRICE_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200];

export interface RenderedChart {
  readonly svg: string;
  readonly unplacedLabels: readonly string[];
  readonly labelBoxes: readonly Box[];
}

export function renderScatter(points: readonly ReportPoint[], spec: ScatterSpec): RenderedChart {
  const prices = points.map((p) => p.entry.price.promptPerM);
  const ys = points.map((p) => spec.y(p.entry));
  const priced = prices.filter((v): v is number => v !== null && v > 0);
  const known = [...ys.filter((v): v is number => v !== null), ...spec.bands.flatMap((b) => [b.from, b.to])];
  const hasFree = prices.some((v) => v === 0);
  const hasNoPrice = prices.some((v) => v === null);
  const hasNoY = ys.some((v) => v === null);

  const plot = { left: M.left + (hasFree ? STRIP : 0), right: CHART.width - M.right - (hasNoPrice ? STRIP : 0), top: M.top, bottom: CHART.height - M.bottom - (hasNoY ? NO_Y : 0) };
  const lo = Math.min(...(priced.length ? priced : [1]));
  const hi = Math.max(...(priced.length ? priced : [1]));
  const x = scaleLog().domain([lo / 1.35, hi * 1.35]).range([plot.left + 8, plot.right - 8]);
  const yMin = spec.yFromZero ? 0 : Math.min(...known);
  const yMax = Math.max(...known);
  const pad = (yMax - yMin) * 0.04 || 1;
  const y = scaleLinear().domain([spec.yFromZero ? 0 : yMin - pad, yMax + pad]).range([plot.bottom, plot.top]);
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
    if (l.leader) parts.push(`<line class="leader" x1="${l.x}" y1="${l.y}" x2="${round(clamp(l.x, l.box.x, l.box.x + l.box.width))}" y2="${round(clamp(l.y, l.box.y, l.box.y + l.box.height))}"/>`);
    parts.push(`<text class="label" data-key="${esc(l.key)}" x="${round(l.box.x + 1)}" y="${round(l.box.y + l.box.height - 4)}">${esc(l.text)}</text>`);
  }

  const svg = `<svg id="${spec.id}" class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${esc(spec.title)}" font-size="${CHART.fontSize}">${parts.join('')}</svg>`;
  return { svg, unplacedLabels: unplaced.map((u) => u.key), labelBoxes: placed.map((l) => l.box) };
}

type Plot = { left: number; right: number; top: number; bottom: number };
type Linear = ReturnType<typeof scaleLinear<number>>;
type Log = ReturnType<typeof scaleLog<number>>;

function band(b: Band, box: Box, y: Linear, plot: Plot): string {
  const top = Math.max(plot.top, y(b.to));
  const bottom = Math.min(plot.bottom, y(b.from));
  return `<g class="band tier-${esc(b.tier)}"><rect x="${plot.left}" y="${round(top)}" width="${plot.right - plot.left}" height="${round(Math.max(0, bottom - top))}"/><text class="band-label" x="${round(box.x + 4)}" y="${round(box.y + box.height - 4)}">${esc(b.label)}</text></g>`;
}

/** The band's name in the first inner corner no point sits under: top right, top left, bottom right, bottom left. */
function bandLabelBox(b: Band, y: Linear, plot: Plot, dots: readonly Obstacle[]): Box {
  const width = Math.ceil(b.label.length * CHART.fontSize * 0.7) + 8; // bold
  const top = Math.max(plot.top, y(b.to)) + 2;
  const bottom = Math.min(plot.bottom, y(b.from)) - 18;
  const corners: Box[] = [top, bottom].flatMap((cy) => [plot.right - width - 6, plot.left + 2].map((cx) => ({ x: cx, y: cy, width, height: 16 })));
  const free = corners.find((c) => !dots.some((d) => d.x + d.r > c.x && d.x - d.r < c.x + c.width && d.y + d.r > c.y && d.y - d.r < c.y + c.height));
  return free ?? corners[0]!;
}

function axes(x: Log, y: Linear, plot: Plot, spec: ScatterSpec, edges: { hasFree: boolean; hasNoPrice: boolean; hasNoY: boolean }): string[] {
  const [d0, d1] = x.domain() as [number, number];
  const xt = PRICE_TICKS.filter((t) => t >= d0 && t <= d1);
  const out = [`<g class="grid">`];
  for (const t of xt) out.push(`<line x1="${round(x(t))}" x2="${round(x(t))}" y1="${plot.top}" y2="${plot.bottom}"/>`);
  for (const t of y.ticks(6)) out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${round(y(t))}" y2="${round(y(t))}"/>`);
  out.push(`</g><g class="axis">`);
  out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/><line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}"/>`);
  const tickY = plot.bottom + (edges.hasNoY ? NO_Y : 0) + 16;
  for (const t of xt) out.push(`<text x="${round(x(t))}" y="${tickY}" text-anchor="middle">$${t}</text>`);
  for (const t of y.ticks(6)) out.push(`<text x="${plot.left - 6}" y="${round(y(t)) + 4}" text-anchor="end">${esc(spec.yFormat(t))}</text>`);
  if (edges.hasFree) out.push(`<text x="${M.left + STRIP / 2}" y="${tickY}" text-anchor="middle">free</text>`);
  if (edges.hasNoPrice) out.push(`<text x="${CHART.width - M.right - STRIP / 2}" y="${tickY}" text-anchor="middle">no price</text>`);
  if (edges.hasNoY) out.push(`<line class="strip" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom + NO_Y}" y2="${plot.bottom + NO_Y}"/><text x="${plot.left - 6}" y="${plot.bottom + NO_Y / 2 + 6}" text-anchor="end">unknown</text>`);
  out.push(`<text class="axis-title" x="${round((plot.left + plot.right) / 2)}" y="${CHART.height - 8}" text-anchor="middle">prompt price, $ per 1M input tokens (log scale)</text>`);
  out.push(`<text class="axis-title" transform="translate(16 ${round((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  out.push('</g>');
  return out;
}

/** Best score reachable at each price: a step up at each frontier entry, cheapest first. */
function frontierPath(ids: readonly string[], at: readonly { point: ReportPoint; cx: number; cy: number }[], right: number): { svg: string; corners: [number, number][] } | null {
  const wanted = new Set(ids);
  // One node per frontier id (an id in two tiers is one price/score pair), cheapest first.
  const byId = new Map(at.filter((a) => wanted.has(a.point.entry.id) && a.point.entry.price.promptPerM !== null).map((a) => [a.point.entry.id, a]));
  const nodes = [...byId.values()].sort((a, b) => a.cx - b.cx || b.cy - a.cy);
  if (nodes.length === 0) return null;
  const coords: [number, number][] = [...nodes.map((n) => [n.cx, n.cy] as [number, number]), [right, nodes.at(-1)!.cy]];
  const d = line().curve(curveStepAfter)(coords) ?? '';
  // The corners of the drawn steps: each point, then the corner at the next point's price.
  const corners = coords.flatMap(([x, y], i) => (i === 0 ? [[x, y] as [number, number]] : [[x, coords[i - 1]![1]] as [number, number], [x, y] as [number, number]]));
  return { svg: `<path class="frontier" d="${d}" data-order="${esc(nodes.map((n) => n.point.entry.id).join(' '))}"/>`, corners };
}

/** Small obstacles every `step` px along a polyline. */
function alongPath(corners: readonly [number, number][], step: number): Obstacle[] {
  const out: Obstacle[] = [];
  for (let i = 1; i < corners.length; i++) {
    const [x0, y0] = corners[i - 1]!;
    const [x1, y1] = corners[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 0; k <= n; k++) out.push({ x: x0 + ((x1 - x0) * k) / n, y: y0 + ((y1 - y0) * k) / n, r: 1.5 });
  }
  return out;
}

function pointMark(point: ReportPoint, cx: number, cy: number, variant: Variant): string {
  const role = point.roles[variant];
  const e = point.entry;
  const classes = ['point', `tier-${point.tier}`, e.frontier ? 'on-frontier' : '', e.available ? '' : 'unavailable'].filter(Boolean).join(' ');
  const ring = role ? `<circle class="ring ${role}" cx="${cx}" cy="${cy}" r="${role === 'primary' ? 9 : 8}"/>` : '';
  return `<g class="${classes}" data-key="${esc(point.key)}" data-tier="${point.tier}" data-role="${role ?? ''}" tabindex="0"><title>${esc(describePoint(point).join('\n'))}</title>${ring}<circle class="dot" cx="${cx}" cy="${cy}" r="${CHART.radius}"/></g>`;
}

function labelText(entry: Entry): string {
  return `${entry.model.slice(entry.model.indexOf('/') + 1)} ${effortLabel(entry)}`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
