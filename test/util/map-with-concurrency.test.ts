import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../src/util/map-with-concurrency.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('mapWithConcurrency', () => {
  it('keeps input order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return `${index}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('starts nothing after the first failure, lets the ones in flight settle, then throws that failure', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('first');
      await tick();
      await tick();
      settled.push(n);
      if (n === 1) throw new Error('second');
      return n;
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(settled).toEqual([1]);
  });

  it('treats a limit below one as one, and an empty list as nothing to do', async () => {
    let inFlight = 0;
    let most = 0;
    await mapWithConcurrency([1, 2, 3], 0, async () => {
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
    });
    expect(most).toBe(1);
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
