import type { Shortlist } from '../artifact/schema.js';
import type { Orm } from '../db/open.js';
import { readObservations } from '../db/queries/observations.js';
import { latestSuccessfulRun, type RunRow } from '../db/queries/runs.js';
import { ParetoError } from '../errors.js';
import type { CurationFile } from '../curation/curation-file.js';
import type { CurationInput } from '../curation/build.js';
import { AA_MODEL_RECORDS, AA_SOURCE_ID } from '../sources/artificial-analysis/index.js';
import { ENDPOINTS_SOURCE_ID, OPENROUTER_ENDPOINT_RECORDS } from '../sources/openrouter-endpoints/index.js';
import { MODELS_SOURCE_ID, OPENROUTER_MODEL_RECORDS } from '../sources/openrouter-models/index.js';

/** The input of curation and where it came from: the latest successful run of each source. */
export interface LoadedCurationInput {
  readonly input: CurationInput;
  readonly sources: Shortlist['sources'];
}

export function loadCurationInput(orm: Orm, curation: CurationFile): LoadedCurationInput {
  const aa = latestSuccessfulRun(orm, AA_SOURCE_ID);
  const models = latestSuccessfulRun(orm, MODELS_SOURCE_ID);
  const endpoints = latestSuccessfulRun(orm, ENDPOINTS_SOURCE_ID);
  if (!models) {
    throw new ParetoError('usage', 'no successful openrouter-models sync in the database: nothing to build a shortlist from', {
      hint: 'run `pareto sync` (or `pareto sync --sample` offline) first',
    });
  }
  return {
    input: {
      aaRows: aa ? readObservations(orm, AA_MODEL_RECORDS, aa.id) : null,
      models: readObservations(orm, OPENROUTER_MODEL_RECORDS, models.id),
      endpoints: endpoints ? readObservations(orm, OPENROUTER_ENDPOINT_RECORDS, endpoints.id) : null,
      curation,
    },
    sources: {
      [AA_SOURCE_ID]: provenance(aa),
      [MODELS_SOURCE_ID]: provenance(models),
      [ENDPOINTS_SOURCE_ID]: provenance(endpoints),
    },
  };
}

/** Whether there is a model list to curate: without one (a first AA sync, say) there is nothing to publish yet. */
export function hasModelList(orm: Orm): boolean {
  return latestSuccessfulRun(orm, MODELS_SOURCE_ID) !== undefined;
}

function provenance(run: RunRow | undefined): Shortlist['sources']['openrouter-models'] {
  if (!run) return null;
  return { runId: run.id, fetchedAt: run.startedAt, mode: run.mode === 'replay' ? 'replay' : 'live' };
}
