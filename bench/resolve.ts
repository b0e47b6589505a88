/**
 * Resolver benchmark on a real-sized shortlist: the one curation builds from the committed
 * 2026-08-21 AA and 2026-08-22 OpenRouter captures with the 2026-05-31 endpoints (the inputs of
 * `bench:curate`; 8 high, 20 medium, 51 low entries). One process, one core.
 *
 *   npm run bench:resolve
 *
 * Three runs over the same request mix (all four model spellings, scores across the tiers,
 * omitted scores, 10% max_price with both price sources): the resolver without sessions, the
 * resolver with the in-memory store (10,000 sessions cycling, reportSuccess on first sight, so
 * after the warm-up every session has a pin),
 * and a naive resolver that filters and sorts the artifact per request, for the ratio.
 * A single resolve is too short to time alone, so latency is the mean per resolve within
 * batches of 1,000, and p50/p99 are over the batches.
 */
import os from 'node:os';
import path from 'node:path';
import { TIER_NAMES, Shortlist, type Entry, type TierName } from '../src/artifact/schema.js';
import { shortlistContentHash } from '../src/artifact/hash.js';
import { buildShortlistContent } from '../src/curation/build.js';
import { paretoFrontier } from '../src/curation/frontier.js';
import { orderByPrice, orderByThroughput } from '../src/curation/order.js';
import { configLine, chainLine, tierLine } from '../src/resolver/explain.js';
import { createResolver, NEIGHBOURS, tierForScore, type RouteRequest } from '../src/resolver/index.js';
import { parseRequest } from '../src/resolver/request.js';
import { scoreRange } from '../src/resolver/score-tier.js';
import { parseAaPayload } from '../src/sources/artificial-analysis/index.js';
import { parseEndpointsPayload } from '../src/sources/openrouter-endpoints/index.js';
import { parseModelsPayload } from '../src/sources/openrouter-models/index.js';
import { packageRoot } from '../src/util/package-root.js';
import { loadCapture } from '../scripts/lib/realdata.js';
import { loadCurationFile, loadEffortVocabularies } from '../src/pipeline/curation-files.js';

type Json = Record<string, any>;

function realShortlist(): Shortlist {
  const aaRows = parseAaPayload(loadCapture('aa_llms_models_2026-08-21'), 'capture').records;
  const models = parseModelsPayload({ data: loadCapture<Json>('or_models_2026-08-22_wrapped').data }, 'capture').records;
  const endpoints = (loadCapture<Json>('or_endpoints_2026-05-31_wrapped').data as Json[]).flatMap(
    (e) => parseEndpointsPayload(e.response, 'capture', e.modelId).records,
  );
  const { content } = buildShortlistContent({
    aaRows,
    models,
    endpoints,
    curation: loadCurationFile(path.join(packageRoot(), 'data', 'curation.json')),
    effortVocabularies: loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json')),
  });
  const none = null;
  return Shortlist.parse({
    ...content,
    version: 1,
    contentHash: shortlistContentHash(content),
    createdAt: '2026-08-22T00:00:00.000Z',
    sources: { 'artificial-analysis': none, 'openrouter-models': none, 'openrouter-endpoints': none },
  });
}

/** A deterministic request mix (a small LCG, so every run measures the same requests). */
function requests(count: number, prices: Readonly<Record<'prompt' | 'blended', readonly number[]>>, sessions: boolean): RouteRequest[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const models = ['pareto-code', 'openrouter/pareto-code', 'pareto-code:nitro', 'openrouter/pareto-code:nitro'];
  return Array.from({ length: count }, (_, i) => {
    const roll = next();
    const source = next() < 0.5 ? 'prompt' : 'blended';
    // Caps just above a real price of the source, so every max_price request has an answer.
    const cap = () => prices[source][Math.floor(next() * prices[source].length)]! * 1.2;
    const fields: Record<string, unknown> =
      roll < 0.1 ? { max_price: cap(), price_source: source } : roll < 0.25 ? {} : { min_coding_score: Math.round(next() * 100) / 100 };
    return {
      model: models[Math.floor(next() * models.length)]!,
      plugins: [{ id: 'pareto-router', ...fields }],
      headers: { 'content-type': 'application/json', ...(sessions ? { 'x-session-id': `session-${i}` } : {}) },
    };
  });
}

/** Filter available + sort per request: what the precomputed plan saves. */
function naiveResolver(shortlist: Shortlist) {
  const all = TIER_NAMES.flatMap((t) => shortlist.tiers[t].entries);
  const thresholds = shortlist.rules.scoreThresholds;
  return (request: RouteRequest) => {
    const { variant, config } = parseRequest(request, null);
    let chain: Entry[];
    let tierText: string;
    if (config.max_price !== null) {
      const priceOf = (e: Entry) => (config.price_source === 'blended' ? e.price.blendedPerM : e.price.promptPerM);
      const priced = all.filter((e) => e.available && priceOf(e) !== null);
      const frontier = new Set(paretoFrontier(priced.map((e) => ({ id: e.id, price: priceOf(e), score: e.codingIndex }))));
      const under = priced.filter((e) => priceOf(e)! <= config.max_price!);
      const rank = (e: Entry) => (frontier.has(e.id) ? 0 : 1);
      chain = under.sort((a, b) => rank(a) - rank(b) || b.codingIndex - a.codingIndex || priceOf(a)! - priceOf(b)!).slice(0, 3);
      if (chain.length === 0) throw new Error('nothing under the cap');
      tierText = `max_price ${config.max_price}: ${under.length} under the cap`;
    } else {
      const requested = tierForScore(config.min_coding_score, thresholds);
      let used: TierName = requested;
      let candidates = shortlist.tiers[used].entries.filter((e) => e.available);
      for (const next of NEIGHBOURS[requested]) {
        if (candidates.length > 0) break;
        used = next;
        candidates = shortlist.tiers[used].entries.filter((e) => e.available);
      }
      chain = (variant === 'nitro' ? orderByThroughput : orderByPrice)(candidates).slice(0, 3);
      tierText = `${tierLine(config.min_coding_score, scoreRange(requested, thresholds), requested)}\ncandidates: ${candidates.length} of ${shortlist.tiers[used].entries.length}`;
    }
    const out = chain.map((e) => ({
      id: e.id,
      model: e.model,
      effort: e.effort,
      tier: e.tier,
      price: e.price.promptPerM,
      throughput: e.throughput.p50,
      percentile: e.percentile,
      providers: e.providers ?? null,
    }));
    return {
      primary: out[0]!,
      fallbacks: out.slice(1),
      explain: `${configLine(config)}\n${tierText}\n${chainLine(out[0]!, out.slice(1))}`,
    };
  };
}

interface Measured {
  readonly label: string;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Mean of what `run` returned: the share of sticky resolves, where that is what it counts. */
  readonly mean: number;
}

function measure(label: string, total: number, run: (i: number) => number): Measured {
  const batch = 1000;
  for (let i = 0; i < 200_000; i++) run(i); // warm-up: let the JIT settle before timing
  const perResolve: number[] = [];
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let b = 0; b < total / batch; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = b * batch, end = i + batch; i < end; i++) sink += run(i);
    perResolve.push(Number(process.hrtime.bigint() - t0) / batch);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  perResolve.sort((a, b) => a - b);
  const at = (q: number) => perResolve[Math.min(perResolve.length - 1, Math.floor(q * perResolve.length))]!;
  return { label, perSecond: total / seconds, p50: at(0.5), p99: at(0.99), mean: sink / total };
}

const shortlist = realShortlist();
const available = TIER_NAMES.flatMap((t) => shortlist.tiers[t].entries.filter((e) => e.available));
const prices = {
  prompt: available.flatMap((e) => (e.price.promptPerM === null ? [] : [e.price.promptPerM])),
  blended: available.flatMap((e) => (e.price.blendedPerM === null ? [] : [e.price.blendedPerM])),
};
const plain = requests(1024, prices, false);
const sessions = requests(10_000, prices, true);
const fast = createResolver(shortlist);
const naive = naiveResolver(shortlist);

// The naive resolver is also the oracle: both must pick the same chains on this mix.
for (const request of plain) {
  const a = fast.resolve(request);
  const b = naive(request);
  if ([a.primary, ...a.fallbacks].map((e) => e.id).join() !== [b.primary, ...b.fallbacks].map((e) => e.id).join()) {
    throw new Error(`resolvers disagree on ${JSON.stringify(request)}`);
  }
}

const sticky = createResolver(shortlist);
const results = [
  measure('resolve, no session', 5_000_000, (i) => fast.resolve(plain[i & 1023]!).fallbacks.length),
  measure('resolve + in-memory stickiness (10k sessions)', 3_000_000, (i) => {
    const request = sessions[i % 10_000]!;
    const r = sticky.resolve(request);
    if (!r.sticky) sticky.reportSuccess(r.session!, { entryId: r.primary.id });
    return r.sticky ? 1 : 0;
  }),
  measure('naive: filter + sort per request', 500_000, (i) => naive(plain[i & 1023]!).fallbacks.length),
];

const sizes = TIER_NAMES.map((t) => `${shortlist.tiers[t].entries.length} ${t}`).join(', ');
console.log(
  `resolver benchmark — node ${process.version}, ${os.cpus().length} cpu(s): ${os.cpus()[0]?.model ?? 'unknown'}; shortlist: ${sizes}`,
);
for (const r of results) {
  console.log(
    `${r.label.padEnd(48)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(11)} /s   p50 ${r.p50.toFixed(0).padStart(5)} ns   p99 ${r.p99.toFixed(0).padStart(5)} ns`,
  );
}
const [plainResult, stickyResult, naiveResult] = results as [Measured, Measured, Measured];
console.log(`sticky resolves in the stickiness run: ${(stickyResult.mean * 100).toFixed(1)}%`);
console.log(`precomputed vs naive: ${(plainResult.perSecond / naiveResult.perSecond).toFixed(1)}× the throughput`);
console.log(
  `targets: ≥ 2,000,000/s without stickiness: ${plainResult.perSecond >= 2e6 ? 'met' : 'NOT met'}; ≥ 500,000/s with it: ${stickyResult.perSecond >= 5e5 ? 'met' : 'NOT met'}`,
);
