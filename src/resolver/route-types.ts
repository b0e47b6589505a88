import type { TierName } from '../artifact/schema.js';
import type { PriceSource } from './plugin.js';

/**
 * The shapes of a precomputed route, shared by the plan (plan.ts, max-price.ts), its explain
 * texts (explain.ts) and the resolution (resolve.ts, served.ts). They sit apart from the code
 * that builds them so that those modules import each other one way only.
 */

/** One entry of a chain, as the resolution reports it. Shared and frozen: never copy per request. */
export interface ChainEntry {
  readonly id: string;
  readonly model: string;
  readonly effort: string | null;
  /** The tier the entry belongs to (in max_price mode the chain may cross tiers). */
  readonly tier: TierName;
  /** USD per 1M input tokens; null = unknown. */
  readonly price: number | null;
  /** p50 output tokens/s; null = unknown. */
  readonly throughput: number | null;
  readonly percentile: number;
  /** Provider display name → endpoint tags for `provider.order` (see the artifact's `providers`); null when unknown. */
  readonly providers: Readonly<Record<string, readonly string[]>> | null;
}

export interface Step {
  readonly from: TierName;
  readonly to: TierName;
  readonly reason: string;
}

export interface TierRoute {
  readonly requestedTier: TierName;
  readonly tier: TierName;
  readonly stepped: Step | null;
  /** The requested tier's score range, for the explain tier line: "≥ 0.33 and < 0.66". */
  readonly range: string;
  /** The used tier's available entries by id: the set a sticky pin must belong to. */
  readonly candidates: ReadonlyMap<string, ChainEntry>;
  /** Primary first, then up to two same-tier fallbacks, in the variant's order. */
  readonly chain: readonly ChainEntry[];
  readonly fallbacks: readonly ChainEntry[];
  /** Explain lines after the tier line (steps, candidates, order), then the chain line. */
  readonly explainBody: string;
  readonly explainChain: string;
}

/** The chain under one max_price breakpoint. */
export interface CapStep {
  readonly chain: readonly ChainEntry[];
  readonly fallbacks: readonly ChainEntry[];
  /** Available entries at or under this breakpoint, and how many of them are on the frontier. */
  readonly count: number;
  readonly onFrontier: number;
  readonly explainChain: string;
}

/** max_price routing of one price source: the breakpoints and the chain under each. */
export interface CapPlan {
  readonly source: PriceSource;
  /** Distinct prices of the available, priced entries, ascending. */
  readonly breakpoints: Float64Array;
  readonly steps: readonly CapStep[];
  /** Available, priced entries by id with their price in this source: the set a pin must be in. */
  readonly prices: ReadonlyMap<string, { readonly entry: ChainEntry; readonly price: number }>;
  /** How many entries are available at all (0 makes every max_price resolve a 503). */
  readonly available: number;
  readonly explainOrder: string;
}
