/**
 * The library: load a published shortlist and route requests from it (SPEC §6).
 *
 *   import { loadShortlist, createResolver } from 'pareto-router';
 *   const resolver = createResolver(await loadShortlist('data/shortlists/latest.json'));
 *   const route = resolver.resolve({ model: 'openrouter/pareto-code', plugins: [{ id: 'pareto-router', min_coding_score: 0.5 }] });
 */
export * from './resolver/index.js';
export { loadShortlist, type LoadShortlistOptions } from './resolver/load.js';
export { watchShortlist, type RefreshOutcome, type ShortlistWatcher, type WatchShortlistOptions } from './resolver/watch.js';
export { parseShortlist } from './artifact/load.js';
export { Shortlist, type Entry, type TierName } from './artifact/schema.js';
export { diffShortlists, type ShortlistDiff } from './artifact/diff.js';
export { ParetoError, type ErrorCode } from './errors.js';
