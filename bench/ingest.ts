/**
 * Ingest benchmark: the real 2026-08-21 AA capture (610 rows) and 2026-08-22 OpenRouter capture
 * (421 models) go through the whole sync path — replayed responses, JSON parse, validation,
 * normalisation, keys and content hashes, comparison with the previous run, gzip of the raw
 * answers, and the SQLite transaction — into a fresh database file. Then the same with 10×
 * the rows (synthetic copies with new ids), to check that the cost grows linearly.
 *
 *   npm run bench:ingest
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import type { Recording } from '../src/pipeline/recording.js';
import { syncSources } from '../src/pipeline/sync.js';
import { silentLogger } from '../src/util/log.js';
import { aaIndexVersionOn, reshapeLegacyToCurrent } from '../scripts/lib/aa-reshape.js';
import { loadCapture } from '../scripts/lib/realdata.js';

type Json = Record<string, any>;
const AT = '2026-08-22T00:00:00.000Z';

function recordings(scale: number): Recording[] {
  const aa = loadCapture<Json>('aa_llms_models_2026-08-21');
  aa.data = Array.from({ length: scale }, (_, copy) =>
    aa.data.map((row: Json) =>
      copy === 0 ? row : { ...row, id: `${row.id.slice(0, -4)}${String(copy).padStart(4, '0')}`, slug: `${row.slug}-copy${copy}` },
    ),
  ).flat();
  const pages = reshapeLegacyToCurrent(aa, { intelligenceIndexVersion: aaIndexVersionOn('2026-08-21')! });
  const models = loadCapture<Json>('or_models_2026-08-22_wrapped').data as Json[];
  const scaled = Array.from({ length: scale }, (_, copy) =>
    models.map((m) => (copy === 0 ? m : { ...m, id: `${m.id}-copy${copy}` })),
  ).flat();
  const headers = { 'content-type': 'application/json' };
  return [
    {
      source: 'artificial-analysis',
      recordedAt: AT,
      responses: [
        {
          url: 'https://artificialanalysis.ai/api/v2/language/models',
          status: 403,
          headers,
          body: '{"error":"Language models list requires a Pro subscription"}',
          fetchedAt: AT,
        },
        ...pages.map((p, i) => ({
          url: `https://artificialanalysis.ai/api/v2/language/models/free?page=${i + 1}`,
          status: 200,
          headers,
          body: JSON.stringify(p),
          fetchedAt: AT,
        })),
      ],
    },
    {
      source: 'openrouter-models',
      recordedAt: AT,
      responses: [
        { url: 'https://openrouter.ai/api/v1/models', status: 200, headers, body: JSON.stringify({ data: scaled }), fetchedAt: AT },
      ],
    },
  ];
}

async function ingestOnce(scale: number, recs: Recording[]): Promise<{ ms: number; rows: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-'));
  const config = loadConfig({ PARETO_AA_MAX_PAGES: String(10 * scale) });
  const db = openDatabase(path.join(dir, 'bench.db'));
  const started = process.hrtime.bigint();
  const summary = await syncSources({ config, db, log: silentLogger }, { mode: { kind: 'replay', recordings: recs } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (!summary.ok) throw new Error(`bench run failed: ${summary.sources.map((s) => s.error).join('; ')}`);
  return { ms, rows: summary.sources.reduce((n, s) => n + s.rows, 0) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(scale: number, runs: number) {
  const recs = recordings(scale);
  await ingestOnce(scale, recs); // warm-up: JIT, module loading, page cache
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const r = await ingestOnce(scale, recs);
    times.push(r.ms);
    rows = r.rows;
  }
  return { scale, rows, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

const one = await measure(1, 7);
const ten = await measure(10, 5);
const fmt = (m: typeof one) =>
  `${String(m.scale).padStart(3)}×  ${String(m.rows).padStart(6)} rows  median ${m.medianMs.toFixed(1).padStart(7)} ms  (min ${m.minMs.toFixed(1)}, max ${m.maxMs.toFixed(1)})  ${((m.rows / m.medianMs) * 1000).toFixed(0)} rows/s`;
console.log(`ingest benchmark — node ${process.version}, ${os.cpus().length} cpu(s): ${os.cpus()[0]?.model ?? 'unknown'}`);
console.log(fmt(one));
console.log(fmt(ten));
console.log(
  `10× rows took ${(ten.medianMs / one.medianMs).toFixed(2)}× the time (target ≤ 10×); 1× target < 1000 ms: ${one.medianMs < 1000 ? 'met' : 'NOT met'}`,
);
