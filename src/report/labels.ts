/**
 * A greedy label placer for chart points. Labels are placed in priority order; each tries a
 * fixed list of positions around its point, nearest first, and takes the first one that stays
 * inside the plot, overlaps no label already placed and covers no point. A label with no free
 * position is left out (its point keeps its hover text) rather than drawn over something.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Obstacle {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

export interface LabelRequest {
  readonly key: string;
  readonly text: string;
  /** The point the label names. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedLabel extends LabelRequest {
  readonly box: Box;
  /** Far from its point: draw a leader line. */
  readonly leader: boolean;
}

export interface Placement {
  readonly placed: PlacedLabel[];
  readonly unplaced: LabelRequest[];
}

export interface PlaceOptions {
  readonly bounds: Box;
  readonly obstacles: readonly Obstacle[];
  readonly fontSize: number;
  /** Boxes already taken (band names, legends): labels avoid them like each other. */
  readonly reserved?: readonly Box[];
  /** Width of one character in ems; generous so real fonts fit inside the box. */
  readonly charWidthEm?: number;
}

const DIRECTIONS: readonly [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 1],
  [-1, -1],
  [-1, 1],
];
const DISTANCES = [7, 16, 28, 42];
const GAP = 2;

export function placeLabels(requests: readonly LabelRequest[], options: PlaceOptions): Placement {
  const height = Math.ceil(options.fontSize * 1.25);
  const placed: PlacedLabel[] = [];
  const unplaced: LabelRequest[] = [];
  for (const request of requests) {
    const width = Math.ceil(request.text.length * options.fontSize * (options.charWidthEm ?? 0.62));
    const box = candidates(request, width, height).find((b) => fits(b, options, placed));
    if (box) placed.push({ ...request, box, leader: distance(request, box) > DISTANCES[1]! + 2 });
    else unplaced.push(request);
  }
  return { placed, unplaced };
}

export function boxesIntersect(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function candidates(p: LabelRequest, width: number, height: number): Box[] {
  return DISTANCES.flatMap((d) =>
    DIRECTIONS.map(([dx, dy]) => {
      // Offsets are from the point to the box's nearest edge, so every direction keeps the same gap.
      const x = dx > 0 ? p.x + d : dx < 0 ? p.x - d - width : p.x - width / 2;
      const y = dy > 0 ? p.y + d : dy < 0 ? p.y - d - height : p.y - height / 2;
      return { x, y, width, height };
    }),
  );
}

function fits(box: Box, options: PlaceOptions, placed: readonly PlacedLabel[]): boolean {
  const b = options.bounds;
  if (box.x < b.x || box.y < b.y || box.x + box.width > b.x + b.width || box.y + box.height > b.y + b.height) return false;
  if (placed.some((l) => boxesIntersect(l.box, box, GAP))) return false;
  if (options.reserved?.some((r) => boxesIntersect(r, box, GAP))) return false;
  return !options.obstacles.some((o) => circleHitsBox(o, box));
}

function circleHitsBox(c: Obstacle, box: Box): boolean {
  const nx = Math.max(box.x, Math.min(c.x, box.x + box.width));
  const ny = Math.max(box.y, Math.min(c.y, box.y + box.height));
  return (c.x - nx) ** 2 + (c.y - ny) ** 2 < (c.r + 1) ** 2;
}

function distance(p: LabelRequest, box: Box): number {
  const nx = Math.max(box.x, Math.min(p.x, box.x + box.width));
  const ny = Math.max(box.y, Math.min(p.y, box.y + box.height));
  return Math.hypot(p.x - nx, p.y - ny);
}
