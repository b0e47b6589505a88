import type { Variant } from '../artifact/chains.js';
import type { Shortlist, TierName } from '../artifact/schema.js';
import { explainResolution, type Routed } from './explain.js';
import { capStep, noAvailableEntry, underCap } from './max-price.js';
import { buildPlan } from './plan.js';
import type { ChainEntry, Step } from './route-types.js';
import { parseConfiguredDefault, parseRequest, type ConfiguredDefault, type EffectiveConfig, type RouteRequest } from './request.js';
import { pinFor, pinId, type Served } from './served.js';
import { validSessionKey } from './session.js';
import { resolverStore, type StickinessStore, type StickyPin, type SyncStickinessStore } from './stickiness.js';
import { tierForScore } from './score-tier.js';

/** What a resolve returns (SPEC §6.9). Chain entries are shared, frozen objects. */
export interface Resolution {
  readonly version: number;
  readonly variant: Variant;
  readonly mode: 'tier' | 'max_price';
  /** The tier min_coding_score asks for; null in max_price mode, where tiers are skipped. */
  readonly requestedTier: TierName | null;
  /** The tier that served; differs from requestedTier only after a step. null in max_price mode. */
  readonly tier: TierName | null;
  readonly stepped: Step | null;
  readonly primary: ChainEntry;
  /** Up to two, same tier as the primary in tier mode; for transient errors only (SPEC §6.5). */
  readonly fallbacks: readonly ChainEntry[];
  /** True when the session's pin chose the primary. */
  readonly sticky: boolean;
  readonly session: string | null;
  /** The pinned provider when stickiness decided, else null (any provider). */
  readonly provider: string | null;
  readonly config: EffectiveConfig;
  readonly explain: string;
}

export interface ResolverOptions<S extends StickinessStore = StickinessStore> {
  readonly default?: ConfiguredDefault;
  /** Idle TTL of a pin for the built-in in-memory store. Default 5 minutes. */
  readonly stickyTtlMs?: number;
  /** A shared store (e.g. Redis for many processes); it owns its TTL and clock. */
  readonly store?: S;
  /** Clock of the built-in store, in ms. */
  readonly now?: () => number;
}

type Outcome<M extends StickinessStore['mode'], T> = M extends 'async' ? Promise<T> : T;

export interface Resolver<M extends StickinessStore['mode'] = 'sync'> {
  readonly version: number;
  resolve(request: RouteRequest): Outcome<M, Resolution>;
  /** A response succeeded: pin what served it to the session and restart the idle TTL. */
  reportSuccess(session: string, served: Served): Outcome<M, void>;
  /** A response failed. Errors never touch a pin (SPEC §6.8); this exists so callers need not know that. */
  reportFailure(session: string, served?: Served): void;
}

export function createResolver<S extends StickinessStore = SyncStickinessStore>(
  artifact: Shortlist,
  options: ResolverOptions<S> = {},
): Resolver<S['mode']> {
  const configured = parseConfiguredDefault(options.default);
  const store = resolverStore(options.store, options.stickyTtlMs, options.now);
  const plan = buildPlan(artifact);
  const { version } = plan;

  function prepare(request: unknown): Routed {
    const parsed = parseRequest(request, configured);
    const { config } = parsed;
    if (config.max_price !== null) {
      const capPlan = plan.caps[config.price_source];
      return { parsed, route: null, cap: capStep(capPlan, config.max_price, version), capPlan };
    }
    if (plan.routes === null) throw noAvailableEntry(version);
    return { parsed, route: plan.routes[parsed.variant][tierForScore(config.min_coding_score, plan.thresholds)], cap: null, capPlan: null };
  }

  function finish(routed: Routed, pin: StickyPin | undefined): Resolution {
    const { parsed, route, cap, capPlan } = routed;
    const base = (route ?? cap)!;
    let primary = base.chain[0]!;
    let fallbacks = base.fallbacks;
    let pinned: ChainEntry | undefined;
    if (pin !== undefined) {
      const id = pinId(pin);
      pinned = route !== null ? route.candidates.get(id) : underCap(capPlan!, id, parsed.config.max_price!);
      if (pinned === undefined) dropPin(parsed.session!);
      else if (pinned !== primary) {
        // The pin leads; the rest of the chain keeps its order behind it, still same-tier.
        fallbacks = base.chain.filter((e) => e !== pinned).slice(0, 2);
        primary = pinned;
      }
    }
    const sticky = pinned !== undefined;
    return {
      version,
      variant: parsed.variant,
      mode: route === null ? 'max_price' : 'tier',
      requestedTier: route === null ? null : route.requestedTier,
      tier: route === null ? null : route.tier,
      stepped: route === null ? null : route.stepped,
      primary,
      fallbacks,
      sticky,
      session: parsed.session,
      provider: sticky ? pin!.provider : null,
      config: parsed.config,
      explain: explainResolution(routed, pin, pinned, primary, fallbacks),
    };
  }

  function dropPin(session: string): void {
    if (store.mode === 'sync') store.delete(session);
    // Not awaited: a failed delete is harmless, since a pin that is not a candidate is ignored on
    // every resolve and replaced by the next success.
    else store.delete(session).catch(() => undefined);
  }

  function pinOf(session: unknown, served: Served): { session: string; pin: StickyPin } {
    return { session: validSessionKey(session, 'session'), pin: pinFor(served, plan.entries) };
  }

  function reportFailure(session: string, served?: Served): void {
    // Validated all the same, so a caller passing garbage hears about it as it would on success.
    validSessionKey(session, 'session');
    if (served !== undefined) pinFor(served, plan.entries);
  }

  if (store.mode === 'sync') {
    const resolver: Resolver<'sync'> = {
      version,
      resolve(request) {
        const routed = prepare(request);
        const { session } = routed.parsed;
        return finish(routed, session === null ? undefined : store.get(session));
      },
      reportSuccess(session, served) {
        const p = pinOf(session, served);
        store.set(p.session, p.pin);
      },
      reportFailure,
    };
    return resolver as Resolver<S['mode']>;
  }
  const resolver: Resolver<'async'> = {
    version,
    async resolve(request) {
      const routed = prepare(request);
      const { session } = routed.parsed;
      return finish(routed, session === null ? undefined : await store.get(session));
    },
    async reportSuccess(session, served) {
      const p = pinOf(session, served);
      await store.set(p.session, p.pin);
    },
    reportFailure,
  };
  return resolver as Resolver<S['mode']>;
}
