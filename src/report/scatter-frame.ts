import type { scaleLinear, scaleLog } from 'd3-scale';
import { esc } from './html.js';
import type { Box, Obstacle } from './labels.js';

/** The frame of a scatter chart: its size and margins, tier bands, grid, axes and their labels. */
export const CHART = { width: 1200, height: 500, fontSize: 12, radius: 4.5 } as const;
export const M = { top: 14, right: 14, bottom: 44, left: 66 };
/** Height of the strip under the x axis for entries whose y is unknown. */
export const NO_Y = 26;
export const STRIP = 46;
const PRICE_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200];

/** A tier's band on the y axis, in the chart's y units. */
export interface Band {
  readonly tier: string;
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

export type Plot = { left: number; right: number; top: number; bottom: number };
export type Linear = ReturnType<typeof scaleLinear<number>>;
export type Log = ReturnType<typeof scaleLog<number>>;

export function band(b: Band, box: Box, y: Linear, plot: Plot): string {
  const top = Math.max(plot.top, y(b.to));
  const bottom = Math.min(plot.bottom, y(b.from));
  return `<g class="band tier-${esc(b.tier)}"><rect x="${plot.left}" y="${round(top)}" width="${plot.right - plot.left}" height="${round(Math.max(0, bottom - top))}"/><text class="band-label" x="${round(box.x + 4)}" y="${round(box.y + box.height - 4)}">${esc(b.label)}</text></g>`;
}

/** The band's name in the first inner corner no point sits under: top right, top left, bottom right, bottom left. */
export function bandLabelBox(b: Band, y: Linear, plot: Plot, dots: readonly Obstacle[]): Box {
  const width = Math.ceil(b.label.length * CHART.fontSize * 0.7) + 8; // bold
  const top = Math.max(plot.top, y(b.to)) + 2;
  const bottom = Math.min(plot.bottom, y(b.from)) - 18;
  const corners: Box[] = [top, bottom].flatMap((cy) =>
    [plot.right - width - 6, plot.left + 2].map((cx) => ({ x: cx, y: cy, width, height: 16 })),
  );
  const free = corners.find(
    (c) => !dots.some((d) => d.x + d.r > c.x && d.x - d.r < c.x + c.width && d.y + d.r > c.y && d.y - d.r < c.y + c.height),
  );
  return free ?? corners[0]!;
}

export function axes(
  x: Log,
  y: Linear,
  plot: Plot,
  spec: { readonly yLabel: string; readonly yFormat: (value: number) => string },
  edges: { hasFree: boolean; hasNoPrice: boolean; hasNoY: boolean },
): string[] {
  const [d0, d1] = x.domain() as [number, number];
  const xt = PRICE_TICKS.filter((t) => t >= d0 && t <= d1);
  const out = [`<g class="grid">`];
  for (const t of xt) out.push(`<line x1="${round(x(t))}" x2="${round(x(t))}" y1="${plot.top}" y2="${plot.bottom}"/>`);
  for (const t of y.ticks(6)) out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${round(y(t))}" y2="${round(y(t))}"/>`);
  out.push(`</g><g class="axis">`);
  out.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/><line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}"/>`,
  );
  const tickY = plot.bottom + (edges.hasNoY ? NO_Y : 0) + 16;
  for (const t of xt) out.push(`<text x="${round(x(t))}" y="${tickY}" text-anchor="middle">$${t}</text>`);
  for (const t of y.ticks(6))
    out.push(`<text x="${plot.left - 6}" y="${round(y(t)) + 4}" text-anchor="end">${esc(spec.yFormat(t))}</text>`);
  if (edges.hasFree) out.push(`<text x="${M.left + STRIP / 2}" y="${tickY}" text-anchor="middle">free</text>`);
  if (edges.hasNoPrice) out.push(`<text x="${CHART.width - M.right - STRIP / 2}" y="${tickY}" text-anchor="middle">no price</text>`);
  if (edges.hasNoY)
    out.push(
      `<line class="strip" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom + NO_Y}" y2="${plot.bottom + NO_Y}"/><text x="${plot.left - 6}" y="${plot.bottom + NO_Y / 2 + 6}" text-anchor="end">unknown</text>`,
    );
  out.push(
    `<text class="axis-title" x="${round((plot.left + plot.right) / 2)}" y="${CHART.height - 8}" text-anchor="middle">prompt price, $ per 1M input tokens (log scale)</text>`,
  );
  out.push(
    `<text class="axis-title" transform="translate(16 ${round((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  );
  out.push('</g>');
  return out;
}

export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
