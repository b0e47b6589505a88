import type { Variant } from '../artifact/chains.js';
import type { TierName } from '../artifact/schema.js';
import type { PriceSource } from './plugin.js';
import type { CapPlan, CapStep, ChainEntry, TierRoute } from './route-types.js';
import type { EffectiveConfig, ParsedRequest } from './request.js';
import { pinId } from './served.js';
import type { StickyPin } from './stickiness.js';
import { NEIGHBOURS } from './score-tier.js';

/**
 * The `explain` text of a resolution: one line per rule, in the order the rules were applied
 * (config, tier or max_price, steps, candidates, order, stickiness, chain). Everything that
 * depends only on the artifact (candidates, steps, order, the usual chain) is rendered once when
 * the plan is built; a request adds the lines that depend on it (config, tier or max_price cap,
 * stickiness, and the chain when a pin reorders it).
 */

const PRICE_ORDER = 'order: prompt price ascending, as stored in the shortlist (ties: percentile desc, p50 throughput desc, id asc)';
const NITRO_ORDER =
  'order: p50 throughput descending (:nitro), as stored in the shortlist; unknown throughput last (ties: price asc, percentile desc, id asc)';

export function routeExplain(route: {
  requestedTier: TierName;
  tier: TierName;
  variant: Variant;
  empty: readonly TierName[];
  sizes: Readonly<Record<TierName, number>>;
  available: number;
}): string {
  const lines: string[] = [];
  const path = [route.requestedTier, ...NEIGHBOURS[route.requestedTier]];
  for (const [i, empty] of route.empty.entries()) {
    lines.push(`candidates: none of the ${route.sizes[empty]} ${empty} entries is available`);
    lines.push(`step: ${empty} → ${path[i + 1]!} (neighbour order from ${route.requestedTier}: ${path.join(' → ')})`);
  }
  lines.push(`candidates: ${route.available} of ${route.sizes[route.tier]} ${route.tier} entries are available`);
  lines.push(route.variant === 'nitro' ? NITRO_ORDER : PRICE_ORDER);
  return lines.join('\n');
}

export function capExplain(source: PriceSource): string {
  return `order: the price/score frontier of the available entries (${source} price), best score first, then the other entries under the cap, best score first`;
}

export function chainLine(primary: ChainEntry, fallbacks: readonly ChainEntry[]): string {
  const rest = fallbacks.length === 0 ? 'none' : fallbacks.map((e) => e.id).join(', ');
  return `chain: primary ${primary.id} (${describeEntry(primary)}); fallbacks ${rest}`;
}

function describeEntry(e: ChainEntry): string {
  const price = e.price === null ? 'unknown price' : `${e.price} USD/1M input`;
  const speed = e.throughput === null ? 'unknown p50 throughput' : `p50 ${e.throughput} tok/s`;
  return `${e.tier} tier, percentile ${e.percentile}, ${price}, ${speed}`;
}

export function configLine(config: EffectiveConfig): string {
  const score = config.min_coding_score === null ? 'omitted' : String(config.min_coding_score);
  const cap = config.max_price === null ? 'none' : `${config.max_price} (${config.price_source} price)`;
  return `config: min_coding_score ${score}, max_price ${cap}; from the ${config.why}`;
}

export function tierLine(score: number | null, range: string, tier: TierName): string {
  return score === null ? `tier: min_coding_score omitted → ${tier}` : `tier: min_coding_score ${score} is ${range} → ${tier}`;
}

function capLine(config: EffectiveConfig, variant: Variant, count: number, onFrontier: number): string {
  const unused = config.min_coding_score === null ? '' : ` (min_coding_score ${config.min_coding_score} not used)`;
  const nitro = variant === 'nitro' ? '; :nitro does not change the max_price order' : '';
  return (
    `max_price: cap ${config.max_price} USD per 1M input tokens (${config.price_source} price); tiers skipped${unused}${nitro}\n` +
    `candidates: ${count} available ${count === 1 ? 'entry is' : 'entries are'} at or under the cap, ${onFrontier} on the frontier`
  );
}

/** What a request routed to before stickiness: a tier route or a max_price breakpoint. */
export interface Routed {
  readonly parsed: ParsedRequest;
  readonly route: TierRoute | null;
  readonly cap: CapStep | null;
  readonly capPlan: CapPlan | null;
}

/**
 * `pin` is the session's live pin if the store had one; `pinned` its entry when it was a
 * candidate (stickiness decided); `primary` and `fallbacks` the final chain.
 */
export function explainResolution(
  x: Routed,
  pin: StickyPin | undefined,
  pinned: ChainEntry | undefined,
  primary: ChainEntry,
  fallbacks: readonly ChainEntry[],
): string {
  const { config, variant } = x.parsed;
  const base = (x.route ?? x.cap)!;
  const chain = primary === base.chain[0] ? base.explainChain : chainLine(primary, fallbacks);
  // Concatenation, not an array join: V8 keeps the pieces as a rope until someone reads the text.
  const rules =
    x.route !== null
      ? `${tierLine(config.min_coding_score, x.route.range, x.route.requestedTier)}\n${x.route.explainBody}`
      : `${capLine(config, variant, x.cap!.count, x.cap!.onFrontier)}\n${x.capPlan!.explainOrder}`;
  return `${configLine(config)}\n${rules}\n${stickinessLine(x, pin, pinned)}\n${chain}`;
}

function stickinessLine(x: Routed, pin: StickyPin | undefined, pinned: ChainEntry | undefined): string {
  if (x.parsed.session === null) return 'stickiness: no session id (neither session_id nor x-session-id)';
  if (pin === undefined) return 'stickiness: the session has no live pin; a successful response will pin it';
  if (pinned === undefined) {
    const where =
      x.route !== null ? `available ${x.route.tier} entries` : `available entries at or under max_price ${x.parsed.config.max_price}`;
    return `stickiness: pin ${pinId(pin)} dropped: it is not among the candidates (${where})`;
  }
  return `stickiness: pin ${pinned.id}${pin.provider === null ? '' : ` (provider ${pin.provider})`} reused: it is still a candidate`;
}
