import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { publishFromDatabase } from '../../src/pipeline/publish.js';
import { readRecordingDir, type Recording } from '../../src/pipeline/recording.js';
import { syncSources } from '../../src/pipeline/sync.js';
import { packageRoot } from '../../src/util/package-root.js';
import { aaRecording, endpointsRecording, modelsRecording } from '../../scripts/lib/capture-recordings.js';
import { memoryLogger } from './source-context.js';

/**
 * Real shortlist versions published into `dir` the way `pareto update` does: a replayed sync
 * into an in-memory database with the real migrations, then the real publish step.
 */
export async function publishSample(dir: string): Promise<void> {
  await publishRecordings(dir, [readRecordingDir(path.join(packageRoot(), 'data', 'sample'))]);
}

/** Version 1 from the 2026-07-22 captures, version 2 from the 2026-08-21/22 ones. */
export async function publishCaptureHistory(dir: string): Promise<void> {
  const at = (aa: '2026-07-22' | '2026-08-21', models: '2026-07-22' | '2026-08-22') => {
    const m = modelsRecording(models);
    return [aaRecording(aa, { codingOnly: false }), m.recording, endpointsRecording(m.endpointIds)];
  };
  await publishRecordings(dir, [at('2026-07-22', '2026-07-22'), at('2026-08-21', '2026-08-22')]);
}

async function publishRecordings(dir: string, steps: readonly (readonly Recording[])[]): Promise<void> {
  const config = loadConfig({ PARETO_SHORTLISTS: dir });
  const db = openDatabase(':memory:');
  try {
    for (const recordings of steps) {
      const summary = await syncSources({ config, db, log: memoryLogger() }, { mode: { kind: 'replay', recordings } });
      if (!summary.ok) throw new Error(`replayed sync failed: ${JSON.stringify(summary.sources.map((s) => s.error))}`);
      const outcome = publishFromDatabase({ config, db }, { force: true });
      if (outcome.reason !== 'new') throw new Error(`expected a new version, got ${outcome.reason}`);
    }
  } finally {
    db.close();
  }
}
