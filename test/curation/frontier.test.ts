import { describe, expect, it } from 'vitest';
import { paretoFrontier } from '../../src/curation/frontier.js';
import { orderByPrice, orderByThroughput } from '../../src/curation/order.js';
import { roundSpeed } from '../../src/curation/market.js';
import type { Entry } from '../../src/artifact/schema.js';

describe('price/score Pareto frontier', () => {
  it.each([
    [
      'a dominated entry is off',
      [
        { id: 'a', price: 1, score: 50 },
        { id: 'b', price: 2, score: 40 },
      ],
      ['a'],
    ],
    [
      'a trade-off keeps both, best score first',
      [
        { id: 'cheap', price: 1, score: 40 },
        { id: 'strong', price: 5, score: 60 },
      ],
      ['strong', 'cheap'],
    ],
    [
      'equal score: only the cheaper',
      [
        { id: 'x', price: 3, score: 50 },
        { id: 'y', price: 2, score: 50 },
      ],
      ['y'],
    ],
    [
      'equal price: only the stronger',
      [
        { id: 'x', price: 2, score: 55 },
        { id: 'y', price: 2, score: 50 },
      ],
      ['x'],
    ],
    [
      'exact duplicates both stay',
      [
        { id: 'x', price: 2, score: 50 },
        { id: 'y', price: 2, score: 50 },
      ],
      ['x', 'y'],
    ],
    [
      'unknown price is never on it',
      [
        { id: 'free?', price: null, score: 99 },
        { id: 'p', price: 1, score: 10 },
      ],
      ['p'],
    ],
    ['empty', [], []],
  ])('%s', (_, candidates, expected) => {
    expect(paretoFrontier(candidates)).toEqual(expected);
  });
});

const entry = (id: string, price: number | null, percentile: number, p50: number | null): Entry => ({
  id,
  model: `a/${id}`,
  effort: null,
  tier: 'high',
  aaId: null,
  aaName: null,
  codingIndex: percentile,
  percentile,
  price: { promptPerM: price, completionPerM: null, blendedPerM: null, source: 'openrouter-models' },
  throughput: { p50, source: p50 === null ? null : 'openrouter-endpoints' },
  available: true,
  availability: { source: 'openrouter-models', okEndpoints: null, endpoints: null },
  frontier: false,
  match: 'normal-form',
  pinned: null,
});

describe('artifact orders (SPEC §5 ties)', () => {
  it('by price: price asc, then percentile desc, then throughput desc, then id; unknown price last', () => {
    const list = [entry('e', null, 99, 10), entry('d', 1, 90, 50), entry('c', 1, 95, 10), entry('b', 1, 95, 20), entry('a', 1, 95, 20)];
    expect(orderByPrice(list).map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('by throughput: fastest first, unknown last, ties by price then percentile then id', () => {
    const list = [
      entry('slow', 1, 90, 10),
      entry('unknown', 0.5, 99, null),
      entry('fast-dear', 3, 90, 100),
      entry('fast-cheap', 2, 90, 100),
    ];
    expect(orderByThroughput(list).map((e) => e.id)).toEqual(['fast-cheap', 'fast-dear', 'slow', 'unknown']);
  });

  it('rounds p50 throughput to two significant digits', () => {
    expect([28, 87.4, 123, 1234, 0.456].map(roundSpeed)).toEqual([28, 87, 120, 1200, 0.46]);
  });
});
