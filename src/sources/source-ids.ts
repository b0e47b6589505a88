/**
 * The registered sources' ids, in the order a sync runs them, and the ones it runs by default.
 * Kept apart from registry.ts so that reading the configuration (every command, `resolve` and
 * `serve` included) does not load every source's parser: that cost `resolve` 9% of its start-up.
 * test/sources/registry.test.ts keeps these lists equal to the registry's.
 */
export const SOURCE_IDS = ['artificial-analysis', 'aa-leaderboard', 'openrouter-models', 'openrouter-endpoints'] as const;

export type SourceId = (typeof SOURCE_IDS)[number];

/** Every source but the opt-in ones (the leaderboard scraper: AA's terms restrict scraping). */
export const DEFAULT_SOURCES: readonly SourceId[] = ['artificial-analysis', 'openrouter-models', 'openrouter-endpoints'];
