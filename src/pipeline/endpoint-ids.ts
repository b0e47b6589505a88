import type { Orm } from '../db/open.js';
import { readObservations } from '../db/queries/observations.js';
import { latestSuccessfulRun } from '../db/queries/runs.js';
import { ParetoError } from '../errors.js';

/**
 * Endpoint telemetry costs one request per model, so by default it is fetched only for models
 * that can reach a shortlist: those OpenRouter lists with an AA coding index (routers and
 * `:free` variants left out; their endpoints are the base model's).
 */
export function defaultEndpointModelIds(orm: Orm): string[] {
  const run = latestSuccessfulRun(orm, 'openrouter-models');
  if (!run) {
    throw new ParetoError('usage', 'no successful openrouter-models run yet, so there is no model list to fetch endpoints for', {
      hint: 'run `pareto sync --source openrouter-models` first, or pass the ids with --models',
    });
  }
  const ids = readObservations(orm, 'openrouter-model', run.id)
    .filter((m) => m.aaCodingIndex !== null && !m.variablePrice && m.tokenizer !== 'Router' && !m.modelId.includes(':'))
    .map((m) => m.modelId);
  return [...new Set(ids)].sort();
}
