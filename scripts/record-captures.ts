/**
 * Writes replayable recordings of one capture date, so the history of real data can be synced
 * step by step:
 *
 *   node dist/scripts/record-captures.js 2026-07-22 recordings/0722   # AA and OpenRouter of 2026-07-22
 *   node dist/scripts/record-captures.js 2026-08-21 recordings/0821   # AA 2026-08-21, OpenRouter 2026-08-22
 *   npx pareto sync --from recordings/0722 && npx pareto publish
 *
 * AA rows are the whole capture (every row, not only those with a coding index).
 */
import path from 'node:path';
import { writeRecording } from '../src/pipeline/recording.js';
import { aaRecording, endpointsRecording, modelsRecording } from './lib/capture-recordings.js';

const DATES = {
  '2026-07-22': { aa: '2026-07-22', models: '2026-07-22' },
  '2026-08-21': { aa: '2026-08-21', models: '2026-08-22' },
} as const;

const [date, out] = process.argv.slice(2);
const dates = DATES[date as keyof typeof DATES];
if (!dates || !out) {
  console.error(`usage: record-captures ${Object.keys(DATES).join('|')} OUT_DIR`);
  process.exit(2);
}
const dir = path.resolve(out);
const models = modelsRecording(dates.models);
for (const recording of [aaRecording(dates.aa, { codingOnly: false }), models.recording, endpointsRecording(models.endpointIds)]) {
  writeRecording(
    dir,
    recording,
    `Source: Artificial Analysis (artificialanalysis.ai). Built by scripts/record-captures.ts from the ${date} captures.`,
  );
}
console.log(`wrote ${dir}`);
