import type { Shortlist } from '../artifact/schema.js';
import type { Orm } from '../db/open.js';
import { readObservations } from '../db/queries/observations.js';
import { latestSuccessfulRun, type RunRow } from '../db/queries/runs.js';
import { ParetoError } from '../errors.js';
import type { CurationFile } from '../curation/curation-file.js';
import type { CurationInput } from '../curation/build.js';

/** The input of curation and where it came from: the latest successful run of each source. */
export interface LoadedCurationInput {
  readonly input: CurationInput;
  readonly sources: Shortlist['sources'];
}

export function loadCurationInput(orm: Orm, curation: CurationFile): LoadedCurationInput {
  const aa = latestSuccessfulRun(orm, 'artificial-analysis');
  const models = latestSuccessfulRun(orm, 'openrouter-models');
  const endpoints = latestSuccessfulRun(orm, 'openrouter-endpoints');
  if (!models) {
    throw new ParetoError('usage', 'no successful openrouter-models sync in the database: nothing to build a shortlist from', {
      hint: 'run `pareto sync` (or `pareto sync --sample` offline) first',
    });
  }
  return {
    input: {
      aaRows: aa ? readObservations(orm, 'aa-model', aa.id) : null,
      models: readObservations(orm, 'openrouter-model', models.id),
      endpoints: endpoints ? readObservations(orm, 'openrouter-endpoint', endpoints.id) : null,
      curation,
    },
    sources: {
      'artificial-analysis': provenance(aa),
      'openrouter-models': provenance(models),
      'openrouter-endpoints': provenance(endpoints),
    },
  };
}

function provenance(run: RunRow | undefined): Shortlist['sources']['openrouter-models'] {
  if (!run) return null;
  return { runId: run.id, fetchedAt: run.startedAt, mode: run.mode === 'replay' ? 'replay' : 'live' };
}
