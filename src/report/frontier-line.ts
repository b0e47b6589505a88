import { curveStepAfter, line } from 'd3-shape';
import { esc } from './html.js';
import type { Obstacle } from './labels.js';
import type { ReportPoint } from './points.js';

/** Best score reachable at each price: a step up at each frontier entry, cheapest first. */
export function frontierPath(
  ids: readonly string[],
  at: readonly { point: ReportPoint; cx: number; cy: number }[],
  right: number,
): { svg: string; corners: [number, number][] } | null {
  const wanted = new Set(ids);
  // One node per frontier id (an id in two tiers is one price/score pair), cheapest first.
  const byId = new Map(
    at.filter((a) => wanted.has(a.point.entry.id) && a.point.entry.price.promptPerM !== null).map((a) => [a.point.entry.id, a]),
  );
  const nodes = [...byId.values()].sort((a, b) => a.cx - b.cx || b.cy - a.cy);
  if (nodes.length === 0) return null;
  const coords: [number, number][] = [...nodes.map((n) => [n.cx, n.cy] as [number, number]), [right, nodes.at(-1)!.cy]];
  const d = line().curve(curveStepAfter)(coords) ?? '';
  // The corners of the drawn steps: each point, then the corner at the next point's price.
  const corners = coords.flatMap(([x, y], i) =>
    i === 0 ? [[x, y] as [number, number]] : [[x, coords[i - 1]![1]] as [number, number], [x, y] as [number, number]],
  );
  return { svg: `<path class="frontier" d="${d}" data-order="${esc(nodes.map((n) => n.point.entry.id).join(' '))}"/>`, corners };
}

/** Small obstacles every `step` px along a polyline. */
export function alongPath(corners: readonly [number, number][], step: number): Obstacle[] {
  const out: Obstacle[] = [];
  for (let i = 1; i < corners.length; i++) {
    const [x0, y0] = corners[i - 1]!;
    const [x1, y1] = corners[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 0; k <= n; k++) out.push({ x: x0 + ((x1 - x0) * k) / n, y: y0 + ((y1 - y0) * k) / n, r: 1.5 });
  }
  return out;
}
