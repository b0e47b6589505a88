/**
 * The resolver (SPEC §6): a request's pareto-router plugin, variant and session → the concrete
 * model to call, two same-tier fallbacks and an explanation, from one loaded shortlist artifact.
 * Pure apart from the stickiness store it is given.
 */
export { createResolver, type Resolution, type Resolver, type ResolverOptions } from './resolve.js';
export { ResolveError, isResolveError, type ResolveStatus } from './error.js';
export { MAX_PLUGINS, MODEL_NAMES, type ConfigSource, type ConfiguredDefault, type EffectiveConfig, type RouteRequest } from './request.js';
export { PLUGIN_FIELDS, PLUGIN_ID, PRICE_SOURCES, type PriceSource } from './plugin.js';
export { MAX_SESSION_LENGTH, SESSION_HEADER } from './session.js';
export type { ChainEntry, Step } from './route-types.js';
export { MAX_SERVED_LENGTH, type Served } from './served.js';
export { NEIGHBOURS, tierForScore } from './score-tier.js';
export {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_STICKY_TTL_MS,
  createMemoryStickinessStore,
  type AsyncStickinessStore,
  type MemoryStickinessStore,
  type MemoryStickinessStoreOptions,
  type StickinessStore,
  type StickyPin,
  type SyncStickinessStore,
} from './stickiness.js';
