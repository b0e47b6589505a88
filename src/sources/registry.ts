import type { SourceId } from '../config.js';
import { aaLeaderboard } from './aa-leaderboard/index.js';
import { artificialAnalysis } from './artificial-analysis/index.js';
import { openrouterEndpoints } from './openrouter-endpoints/index.js';
import { openrouterModels } from './openrouter-models/index.js';
import type { Source } from './types.js';

/**
 * Every source, in the order a sync runs them: endpoints come after models because the
 * default list of model ids to fetch endpoints for comes from the models just synced.
 * A test checks that this list and the folders under src/sources/ agree.
 */
export const SOURCES: readonly Source[] = [artificialAnalysis, aaLeaderboard, openrouterModels, openrouterEndpoints];

export function sourceById(id: SourceId): Source {
  const source = SOURCES.find((s) => s.id === id);
  if (!source) throw new Error(`no source registered as ${id}`);
  return source;
}
