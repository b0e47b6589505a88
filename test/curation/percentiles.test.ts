import { describe, expect, it } from 'vitest';
import { percentiles } from '../../src/curation/percentiles.js';
import { DEFAULT_BANDS, tierFor, validateBands } from '../../src/curation/percentile-tier.js';

describe('coding percentile (SPEC §4.1)', () => {
  it.each([
    ['N = 1 gives 100', [42], [100]],
    ['two distinct', [10, 20], [0, 100]],
    ['all equal share the middle', [5, 5, 5, 5], [50, 50, 50, 50]],
    ['ties in the middle', [1, 2, 2, 3], [0, 50, 50, 100]],
    ['ties at the top', [1, 2, 3, 3], [0, 33, 83, 83]],
    ['input order kept', [30, 10, 20], [100, 0, 50]],
    ['five evenly spread', [1, 2, 3, 4, 5], [0, 25, 50, 75, 100]],
    ['rounding half up', [1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 13, 25, 38, 50, 63, 75, 88, 100]],
  ])('%s', (_, scores, expected) => {
    expect(percentiles(scores)).toEqual(expected);
  });

  it('matches the formula on a large random field', () => {
    const scores = Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i * 7.3) * 40 + 50));
    const naive = scores.map((s) => {
      const below = scores.filter((x) => x < s).length;
      const tiesOther = scores.filter((x) => x === s).length - 1;
      return Math.round((100 * (below + 0.5 * tiesOther)) / (scores.length - 1));
    });
    expect(percentiles(scores)).toEqual(naive);
  });

  it('returns nothing for an empty field', () => {
    expect(percentiles([])).toEqual([]);
  });
});

describe('tier bands (SPEC §4.3)', () => {
  it.each([
    [100, 'high'],
    [95, 'high'],
    [94, 'medium'],
    [85, 'medium'],
    [84, 'low'],
    [50, 'low'],
    [49, null],
    [0, null],
  ] as const)('percentile %i → %s', (p, tier) => {
    expect(tierFor(p, DEFAULT_BANDS)).toBe(tier);
  });

  it('honours configured bands at their exact boundaries', () => {
    const bands = { high: 90, medium: 70, low: 40 };
    expect([90, 89, 70, 69, 40, 39].map((p) => tierFor(p, bands))).toEqual(['high', 'medium', 'medium', 'low', 'low', null]);
  });

  it.each([
    [{ high: 95, medium: 95, low: 50 }, /descend/],
    [{ high: 101, medium: 85, low: 50 }, /0\.\.100/],
    [{ high: 95, medium: 85.5, low: 50 }, /integer/],
  ])('rejects bands %j', (bands, message) => {
    expect(() => validateBands(bands, 'test')).toThrow(message);
  });
});
