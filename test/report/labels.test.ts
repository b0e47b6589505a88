import { describe, expect, it } from 'vitest';
import { boxesIntersect, placeLabels, type Box, type Obstacle } from '../../src/report/labels.js';

const bounds: Box = { x: 0, y: 0, width: 400, height: 300 };

function hitsCircle(box: Box, c: Obstacle): boolean {
  const nx = Math.max(box.x, Math.min(c.x, box.x + box.width));
  const ny = Math.max(box.y, Math.min(c.y, box.y + box.height));
  return (c.x - nx) ** 2 + (c.y - ny) ** 2 < c.r ** 2;
}

describe('placeLabels', () => {
  it('in a crowded cluster places labels that overlap no other label, cover no point and stay inside the plot', () => {
    // A 6×5 grid of points 22 px apart, every one asking for a label: most positions collide.
    const obstacles: Obstacle[] = [];
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) obstacles.push({ x: 150 + i * 22, y: 100 + j * 22, r: 5 });
    const requests = obstacles.map((o, i) => ({ key: `p${i}`, text: `model-${i} high`, x: o.x, y: o.y }));
    const { placed, unplaced } = placeLabels(requests, { bounds, obstacles, fontSize: 12 });
    expect(placed.length + unplaced.length).toBe(requests.length);
    expect(placed.length).toBeGreaterThan(6);
    expect(unplaced.length).toBeGreaterThan(0); // not everything fits, and what does not is left out, not stacked
    for (let i = 0; i < placed.length; i++) {
      const a = placed[i]!.box;
      expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= 400 && a.y + a.height <= 300).toBe(true);
      for (const o of obstacles) expect(hitsCircle(a, o)).toBe(false);
      for (let j = i + 1; j < placed.length; j++) expect(boxesIntersect(a, placed[j]!.box)).toBe(false);
    }
  });

  it('takes the nearest free position first: right of the point, then left when the right is taken', () => {
    const reserved: Box[] = [{ x: 110, y: 90, width: 200, height: 20 }];
    const { placed } = placeLabels(
      [
        { key: 'a', text: 'abc', x: 100, y: 100 },
        { key: 'b', text: 'abc', x: 100, y: 200 },
      ],
      { bounds, obstacles: [], reserved, fontSize: 10 },
    );
    expect(placed.find((l) => l.key === 'b')!.box.x).toBe(107); // right, at the nearest distance
    const a = placed.find((l) => l.key === 'a')!.box;
    expect(a.x + a.width).toBeLessThanOrEqual(93); // pushed to the left of its point
    expect(placed.every((l) => !l.leader)).toBe(true);
  });

  it('leaves a label out when the plot has no room for it', () => {
    const { placed, unplaced } = placeLabels([{ key: 'x', text: 'a very long label that cannot fit', x: 20, y: 10 }], {
      bounds: { x: 0, y: 0, width: 60, height: 20 },
      obstacles: [],
      fontSize: 12,
    });
    expect(placed).toEqual([]);
    expect(unplaced.map((u) => u.key)).toEqual(['x']);
  });
});
