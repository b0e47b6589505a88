import { TIER_NAMES } from '../artifact/schema.js';
import type { Config } from '../config.js';
import { buildShortlistContent } from '../curation/build.js';
import { exclusionOf } from '../curation/match/index.js';
import type { Orm } from '../db/open.js';
import { readObservations } from '../db/queries/observations.js';
import { latestSuccessfulRun } from '../db/queries/runs.js';
import { ParetoError, messageOf } from '../errors.js';
import { AA_MODEL_RECORDS } from '../sources/artificial-analysis/index.js';
import { OPENROUTER_MODEL_RECORDS } from '../sources/openrouter-models/index.js';
import type { Logger } from '../util/log.js';
import { loadCurationFile, loadEffortVocabularies } from './curation-files.js';

/**
 * Endpoint telemetry costs one request per model, so it is fetched only for the shortlist's
 * candidates: the models curation would put in a tier right now, from the latest AA run and the
 * model list just synced. Asking curation (rather than reading the last published shortlist)
 * means a model that qualifies in this sync has its price and throughput in the very version
 * that first lists it.
 */
export function defaultEndpointModelIds(orm: Orm, config: Config, log: Logger): string[] {
  const modelsRun = latestSuccessfulRun(orm, 'openrouter-models');
  if (!modelsRun) {
    throw new ParetoError('usage', 'no successful openrouter-models run yet, so there is no model list to fetch endpoints for', {
      hint: 'run `pareto sync --source openrouter-models` first, or pass the ids with --models',
    });
  }
  const models = readObservations(orm, OPENROUTER_MODEL_RECORDS, modelsRun.id);
  try {
    const aaRun = latestSuccessfulRun(orm, 'artificial-analysis');
    const { content } = buildShortlistContent({
      aaRows: aaRun ? readObservations(orm, AA_MODEL_RECORDS, aaRun.id) : null,
      models,
      endpoints: null,
      curation: loadCurationFile(config.curationPath),
      effortVocabularies: loadEffortVocabularies(config.effortVocabulariesPath),
      bands: config.tierBands,
    });
    return sortedUnique(TIER_NAMES.flatMap((tier) => content.tiers[tier].entries.map((e) => e.model)));
  } catch (error) {
    // A broken curation file fails the publish with its own message; telemetry keeps flowing
    // meanwhile for every model that could qualify, so nothing is missing once it is fixed.
    // "Could qualify" is curation's own rule (exclusionOf), so the two never drift apart.
    log.warn(
      `openrouter-endpoints: cannot work out the shortlist candidates (${messageOf(error)}); fetching every model with an AA coding index instead`,
    );
    return sortedUnique(models.filter((m) => m.aaCodingIndex !== null && exclusionOf(m) === null).map((m) => m.modelId));
  }
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
