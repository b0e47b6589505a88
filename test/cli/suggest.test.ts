import { describe, expect, it } from 'vitest';
import { closest, distance } from '../../src/cli/suggest.js';

const COMMANDS = ['update', 'sync', 'runs', 'publish', 'shortlist', 'diff', 'resolve', 'status', 'prune', 'jobs', 'match'];

describe('closest', () => {
  it.each([
    ['shortlst', 'shortlist'],
    ['shortlsit', 'shortlist'], // a swap of neighbours is one edit
    ['stauts', 'status'],
    ['resolv', 'resolve'],
    ['updte', 'update'],
    ['shor', 'shortlist'], // the only name it starts
    ['snyc', 'sync'],
  ])('%s → %s', (typed, expected) => {
    expect(closest(typed, COMMANDS)).toBe(expected);
  });

  it.each(['deploy', 'x', 'completely-different'])('suggests nothing for %s', (typed) => {
    expect(closest(typed, COMMANDS)).toBeUndefined();
  });

  it('counts edits', () => {
    expect(distance('', 'abc')).toBe(3);
    expect(distance('ab', 'ba')).toBe(1);
    expect(distance('kitten', 'sitting')).toBe(3);
  });
});
