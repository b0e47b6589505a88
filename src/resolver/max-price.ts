import { CHAIN_LENGTH } from '../artifact/chains.js';
import type { Entry } from '../artifact/schema.js';
import { paretoFrontier } from '../curation/frontier.js';
import { ResolveError } from './error.js';
import { capExplain, chainLine } from './explain.js';
import type { PriceSource } from './plugin.js';
import type { CapPlan, CapStep, ChainEntry } from './route-types.js';

/**
 * max_price routing (SPEC §6.7), precomputed per price source. The chain for a cap depends only
 * on which entries are at or under it, and that set changes only at the distinct prices of the
 * available entries. So each distinct price (a "breakpoint") gets its chain once, here, and a
 * request binary-searches the breakpoints: no filter or sort of the shortlist per request.
 *
 * Order under a cap: the price/score frontier of the available entries (recomputed here, since
 * the artifact's frontier also counts unavailable ones), best score first — which walks from the
 * priciest frontier entry under the cap to cheaper ones — then the other entries under the cap,
 * best score first. An entry with an unknown price is never under a cap.
 */

export function priceIn(entry: Entry, source: PriceSource): number | null {
  return source === 'blended' ? entry.price.blendedPerM : entry.price.promptPerM;
}

export function buildCapPlan(available: readonly Entry[], source: PriceSource, chainEntry: (e: Entry) => ChainEntry): CapPlan {
  const priced = available.flatMap((e) => {
    const price = priceIn(e, source);
    return price === null ? [] : [{ e, price }];
  });
  const frontierIds = paretoFrontier(priced.map(({ e, price }) => ({ id: e.id, price, score: e.codingIndex })));
  const byId = new Map(priced.map((p) => [p.e.id, p]));
  const frontier = frontierIds.map((id) => byId.get(id)!);
  const onFrontier = new Set(frontierIds);
  const others = priced
    .filter((p) => !onFrontier.has(p.e.id))
    .sort((a, b) => b.e.codingIndex - a.e.codingIndex || a.price - b.price || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  const walk = [...frontier, ...others];

  const breakpoints = Float64Array.from(new Set(priced.map((p) => p.price))).sort();
  const steps = Array.from(breakpoints, (cap): CapStep => {
    const under = walk.filter((p) => p.price <= cap);
    const chain = Object.freeze(under.slice(0, CHAIN_LENGTH).map((p) => chainEntry(p.e)));
    const fallbacks = Object.freeze(chain.slice(1));
    return Object.freeze({
      chain,
      fallbacks,
      count: under.length,
      onFrontier: under.filter((p) => onFrontier.has(p.e.id)).length,
      explainChain: chainLine(chain[0]!, fallbacks),
    });
  });
  const prices = new Map(priced.map(({ e, price }) => [e.id, Object.freeze({ entry: chainEntry(e), price })]));
  return { source, breakpoints, steps, prices, available: available.length, explainOrder: capExplain(source) };
}

/** A sticky pin's entry when it is available at or under the cap, else undefined. */
export function underCap(plan: CapPlan, id: string, cap: number): ChainEntry | undefined {
  const priced = plan.prices.get(id);
  return priced !== undefined && priced.price <= cap ? priced.entry : undefined;
}

/** The chain for a cap, or the 404/503 the router answers with. */
export function capStep(plan: CapPlan, cap: number, version: number): CapStep {
  const { breakpoints } = plan;
  // Largest breakpoint ≤ cap: the entries under the cap are exactly those under that breakpoint.
  let lo = 0;
  let hi = breakpoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breakpoints[mid]! <= cap) lo = mid + 1;
    else hi = mid;
  }
  const step = plan.steps[lo - 1];
  if (step !== undefined) return step;
  throw nothingUnder(plan, cap, version);
}

function nothingUnder(plan: CapPlan, cap: number, version: number): ResolveError {
  if (plan.available === 0) return noAvailableEntry(version);
  const unit = `USD per 1M input tokens (${plan.source} price)`;
  const cheapest = plan.breakpoints[0];
  if (cheapest === undefined) {
    return new ResolveError(
      404,
      'max_price',
      `no available entry of shortlist version ${version} has a known ${plan.source} price, so none is under max_price ${cap} ${unit}`,
      'route by min_coding_score instead (omit max_price)',
    );
  }
  const first = plan.steps[0]!.chain[0]!;
  return new ResolveError(
    404,
    'max_price',
    `no available entry is at or under max_price ${cap} ${unit}; the cheapest available is ${cheapest} (${first.id})`,
    `raise max_price to at least ${cheapest}, or omit it to route by tier`,
  );
}

export function noAvailableEntry(version: number): ResolveError {
  return new ResolveError(
    503,
    null,
    `shortlist version ${version} has no available entry in any tier`,
    'every shortlisted model is unavailable; publish a newer shortlist or retry later',
  );
}
