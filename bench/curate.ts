/**
 * Curation + publish benchmark: the full 2026-08-21 AA capture (610 rows, 222 in the field) and
 * the 2026-08-22 OpenRouter capture (421 models) with the 2026-05-31 endpoints, already parsed
 * (as curation reads them from the database), through matching, percentiles, tiers, frontier,
 * orders, schema validation, hashing and the atomic write. Then the same with 10× the models
 * (synthetic copies with new ids and slugs, each copy matching its own OpenRouter copy).
 *
 *   npm run bench:curate
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publishShortlist } from '../src/artifact/publish.js';
import { buildShortlistContent, type CurationInput } from '../src/curation/build.js';
import { parseAaPayload } from '../src/sources/artificial-analysis/index.js';
import { parseEndpointsPayload } from '../src/sources/openrouter-endpoints/index.js';
import { parseModelsPayload } from '../src/sources/openrouter-models/index.js';
import type { AaModelRecord, OpenRouterEndpointRecord, OpenRouterModelRecord } from '../src/sources/types.js';
import { packageRoot } from '../src/util/package-root.js';
import { loadCapture } from '../scripts/lib/realdata.js';
import { loadCurationFile, loadEffortVocabularies } from '../src/pipeline/curation-files.js';

type Json = Record<string, any>;

function input(scale: number): CurationInput {
  const aa = parseAaPayload(loadCapture('aa_llms_models_2026-08-21'), 'capture').records;
  const models = parseModelsPayload({ data: loadCapture<Json>('or_models_2026-08-22_wrapped').data }, 'capture').records;
  const endpoints = (loadCapture<Json>('or_endpoints_2026-05-31_wrapped').data as Json[]).flatMap(
    (e) => parseEndpointsPayload(e.response, 'capture', e.modelId).records,
  );
  const copies = <T>(rows: readonly T[], rename: (row: T, copy: number) => T) =>
    Array.from({ length: scale }, (_, copy) => rows.map((r) => (copy === 0 ? r : rename(r, copy)))).flat();
  return {
    aaRows: copies<AaModelRecord>(aa, (r, k) => ({ ...r, aaId: `${r.aaId}-${k}`, slug: `${r.slug}-copy${k}`, name: `${r.name} copy${k}` })),
    models: copies<OpenRouterModelRecord>(models, (m, k) => ({
      ...m,
      modelId: `${m.modelId}-copy${k}`,
      canonicalSlug: null,
      name: `${m.name} copy${k}`,
    })),
    endpoints: copies<OpenRouterEndpointRecord>(endpoints, (e, k) => ({ ...e, modelId: `${e.modelId}-copy${k}` })),
    curation: loadCurationFile(path.join(packageRoot(), 'data', 'curation.json')),
    effortVocabularies: loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json')),
  };
}

function runOnce(data: CurationInput): { ms: number; entries: number; field: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-curate-'));
  const started = process.hrtime.bigint();
  const { content } = buildShortlistContent(data);
  const result = publishShortlist({
    dir,
    content,
    sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
    now: new Date(),
    force: true,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  if (!result.published) throw new Error(`not published: ${result.reason}`);
  const entries = content.tiers.high.entries.length + content.tiers.medium.entries.length + content.tiers.low.entries.length;
  return { ms, entries, field: content.field.size };
}

function measure(scale: number, runs: number) {
  const data = input(scale);
  runOnce(data); // warm-up
  const results = Array.from({ length: runs }, () => runOnce(data));
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    scale,
    models: data.models.length,
    aaRows: data.aaRows!.length,
    field: results[0]!.field,
    entries: results[0]!.entries,
    median: times[Math.floor(times.length / 2)]!,
    min: times[0]!,
    max: times.at(-1)!,
  };
}

const one = measure(1, 9);
const ten = measure(10, 5);
console.log(`curation + publish benchmark — node ${process.version}, ${os.cpus().length} cpu(s): ${os.cpus()[0]?.model ?? 'unknown'}`);
for (const m of [one, ten]) {
  console.log(
    `${String(m.scale).padStart(3)}×  ${m.aaRows} AA rows (field ${m.field}), ${m.models} models → ${m.entries} entries: median ${m.median.toFixed(1)} ms (min ${m.min.toFixed(1)}, max ${m.max.toFixed(1)})`,
  );
}
console.log(`targets: 1× < 200 ms: ${one.median < 200 ? 'met' : 'NOT met'}; 10× < 2000 ms: ${ten.median < 2000 ? 'met' : 'NOT met'}`);
