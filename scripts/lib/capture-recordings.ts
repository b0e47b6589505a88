/**
 * Recordings built from the real captures in test/fixtures/realdata: the bundled offline sample
 * (data/sample/, which `pareto sync --sample` replays; rebuild it with `npm run build && node
 * dist/scripts/build-sample.js`) and the dated recordings tests and benchmarks replay.
 * The output is deterministic: building twice gives the same bytes.
 *
 * What it keeps, and why (coding is what the shortlist is about):
 * - artificial-analysis: the 2026-08-21 capture's rows that have a coding index (the field the
 *   percentiles are computed over), reshaped from the retired legacy answer into the pages of
 *   the current Free list (intelligence index v4.1, the version in force on that date), after
 *   the documented 403 a Free key gets from the Pro list.
 * - openrouter-models: the 2026-08-22 list, every model, descriptions cut to one short line.
 * - openrouter-endpoints: the 2026-05-31 answers for the models a default sync asks about (an
 *   AA coding index on OpenRouter, no router, no :variant) that the capture has, with the p50
 *   latency and throughput of the 2026-05-18 telemetry capture filled in where the same model and
 *   provider tag appear there (the 2026-05-31 capture was unauthenticated, so it has none).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeRecording, type Recording } from '../../src/pipeline/recording.js';
import { packageRoot } from '../../src/util/package-root.js';
import { aaIndexVersionOn, reshapeLegacyToCurrent } from './aa-reshape.js';
import { loadCapture } from './realdata.js';

const AA = 'https://artificialanalysis.ai';
const OR = 'https://openrouter.ai/api/v1';
const JSON_HEADERS = { 'content-type': 'application/json' };
const ATTRIBUTION = 'Source: Artificial Analysis (artificialanalysis.ai)';

type Json = Record<string, any>;

export function aaRecording(
  date: '2026-08-21' | '2026-07-22' = '2026-08-21',
  options: { codingOnly?: boolean } = { codingOnly: true },
): Recording {
  const legacy = loadCapture<Json>(`aa_llms_models_${date}`);
  const rows = options.codingOnly ? legacy.data.filter((r: Json) => r.evaluations?.artificial_analysis_coding_index != null) : legacy.data;
  const version = aaIndexVersionOn(date);
  if (version === null) throw new Error(`no index version known for ${date}`);
  const pages = reshapeLegacyToCurrent({ ...legacy, data: rows }, { intelligenceIndexVersion: version });
  const at = `${date}T06:00:00.000Z`;
  const reset = String(Date.parse(`${date}T00:00:00Z`) / 1000 + 86_400);
  return {
    source: 'artificial-analysis',
    recordedAt: at,
    responses: [
      {
        url: `${AA}/api/v2/language/models`,
        status: 403,
        headers: { ...JSON_HEADERS, 'x-aa-tier': 'free' },
        body: JSON.stringify({ error: 'Language models list requires a Pro subscription' }),
        fetchedAt: at,
      },
      ...pages.map((page, i) => ({
        url: `${AA}/api/v2/language/models/free?page=${i + 1}`,
        status: 200,
        headers: {
          ...JSON_HEADERS,
          'x-aa-tier': 'free',
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': String(98 - i),
          'x-ratelimit-reset': reset,
        },
        body: JSON.stringify(page),
        fetchedAt: at,
      })),
    ],
  };
}

export function modelsRecording(date: '2026-08-22' | '2026-07-22' = '2026-08-22'): { recording: Recording; endpointIds: string[] } {
  const capture = loadCapture<Json>(`or_models_${date}_wrapped`);
  const data = capture.data.map((m: Json) => ({ ...m, description: shorten(m.description) }));
  const endpointIds = data
    .filter((m: Json) => m.benchmarks?.artificial_analysis?.coding_index != null)
    .filter((m: Json) => m.architecture?.tokenizer !== 'Router' && m.pricing?.prompt !== '-1' && !String(m.id).includes(':'))
    .map((m: Json) => String(m.id));
  return {
    endpointIds,
    recording: {
      source: 'openrouter-models',
      recordedAt: capture.fetchedAt,
      responses: [
        { url: `${OR}/models`, status: 200, headers: JSON_HEADERS, body: JSON.stringify({ data }), fetchedAt: capture.fetchedAt },
      ],
    },
  };
}

export function endpointsRecording(ids: readonly string[]): Recording {
  const capture = loadCapture<Json>('or_endpoints_2026-05-31_wrapped');
  const telemetry = telemetryByModelAndTag();
  const byId = new Map<string, Json>(capture.data.map((entry: Json) => [entry.modelId, entry.response]));
  const responses = ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const response = structuredClone(byId.get(id)) as Json;
      response.data.description = shorten(response.data.description);
      for (const endpoint of response.data.endpoints as Json[]) {
        const perf = telemetry.get(`${id}|${endpoint.tag}`);
        if (perf) {
          endpoint.latency_last_30m = perf.latency_30m ?? null;
          endpoint.throughput_last_30m = perf.throughput_30m ?? null;
        }
      }
      const [author, slug] = id.split('/');
      return {
        url: `${OR}/models/${author}/${slug}/endpoints`,
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify(response),
        fetchedAt: capture.fetchedAt,
      };
    });
  return { source: 'openrouter-endpoints', recordedAt: capture.fetchedAt, responses };
}

function telemetryByModelAndTag(): Map<string, Json> {
  const derived = loadCapture<Json>('or_endpoints_DERIVED_2026-05-18_by_provider');
  const out = new Map<string, Json>();
  for (const provider of Object.values(derived.providers) as Json[]) {
    for (const model of provider.models as Json[]) {
      if (model.performance?.throughput_30m || model.performance?.latency_30m) out.set(`${model.model_id}|${model.tag}`, model.performance);
    }
  }
  return out;
}

function shorten(text: unknown): unknown {
  if (typeof text !== 'string' || text.length <= 100) return text;
  return `${text.slice(0, 97).trimEnd()}...`;
}

export function buildSample(): void {
  const dir = path.join(packageRoot(), 'data', 'sample');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(path.join(dir, name));
  const models = modelsRecording();
  const recordings = [aaRecording(), models.recording, endpointsRecording(models.endpointIds)];
  for (const recording of recordings) {
    const note =
      recording.source === 'artificial-analysis'
        ? `${ATTRIBUTION}. Built by scripts/build-sample.ts from real captures; see README.md.`
        : 'Built by scripts/build-sample.ts from real captures; see README.md.';
    writeRecording(dir, recording, note);
  }
  const counts = recordings.map((r) => `${r.source}: ${r.responses.length} responses`).join(', ');
  console.log(`wrote ${dir} (${counts})`);
}
