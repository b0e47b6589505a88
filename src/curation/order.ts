import type { Entry } from '../artifact/schema.js';

/**
 * The two orders the artifact ships, so a resolve never sorts (SPEC §5, §6.4). Unknown prices
 * and speeds go last. Ties: price asc, then percentile desc, then throughput desc, then id asc.
 */
const priceKey = (e: Entry) => e.price.promptPerM ?? Number.POSITIVE_INFINITY;
const speedKey = (e: Entry) => e.throughput.p50 ?? Number.NEGATIVE_INFINITY;

function tieBreak(a: Entry, b: Entry): number {
  return priceKey(a) - priceKey(b) || b.percentile - a.percentile || speedKey(b) - speedKey(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function orderByPrice(entries: readonly Entry[]): Entry[] {
  return [...entries].sort(tieBreak);
}

export function orderByThroughput(entries: readonly Entry[]): Entry[] {
  return [...entries].sort((a, b) => speedKey(b) - speedKey(a) || tieBreak(a, b));
}
