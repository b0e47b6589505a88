import { aaLeaderboard } from './aa-leaderboard/index.js';
import { artificialAnalysis } from './artificial-analysis/index.js';
import { openrouterEndpoints } from './openrouter-endpoints/index.js';
import { openrouterModels } from './openrouter-models/index.js';
import type { SourceId } from './source-ids.js';
import type { RecordKind, Source } from './types.js';

export { DEFAULT_SOURCES, SOURCE_IDS, type SourceId } from './source-ids.js';

/**
 * Every source, in the order a sync runs them: endpoints come after models because the
 * default list of model ids to fetch endpoints for comes from the models just synced.
 * A test checks that this list and the folders under src/sources/ agree. Each source declares
 * what it needs (a key, a request budget, model ids, how its records are stored); the sync,
 * status and the queries read that, so a new source is its folder plus its line here and its id
 * in source-ids.ts (the light list the configuration reads).
 */
export const SOURCES: ReadonlyArray<Source<RecordKind, SourceId>> = [
  artificialAnalysis,
  aaLeaderboard,
  openrouterModels,
  openrouterEndpoints,
];

export function sourceById(id: string, registry: readonly Source[] = SOURCES): Source {
  const source = registry.find((s) => s.id === id);
  if (!source) throw new Error(`no source registered as ${id}`);
  return source;
}
