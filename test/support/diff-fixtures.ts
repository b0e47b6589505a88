import {
  ATTRIBUTION,
  SCHEMA_VERSION,
  Shortlist,
  TIER_NAMES,
  type Entry,
  type ShortlistContent,
  type TierName,
} from '../../src/artifact/schema.js';
import { contentHash } from '../../src/util/canonical-json.js';

/**
 * Small, valid shortlist artifacts built by hand. Each tier is ordered here the way curation
 * orders it (price asc, unknown last; ties percentile desc, throughput desc, id asc), so the
 * routing chains the diff derives are the ones a real artifact would give.
 */

export interface EntrySpec {
  readonly percentile: number;
  readonly price: number | null;
  readonly p50: number | null;
  readonly available?: boolean;
  readonly effort?: string | null;
}

export function entry(model: string, tier: TierName, spec: EntrySpec): Entry {
  const effort = spec.effort ?? null;
  const { price, p50 } = spec;
  return {
    id: `${model}@${effort ?? 'default'}`,
    model,
    effort,
    tier,
    aaId: `aa-${model.split('/')[1]}`,
    aaName: model,
    codingIndex: spec.percentile / 2,
    percentile: spec.percentile,
    price: {
      promptPerM: price,
      completionPerM: price === null ? null : price * 4,
      blendedPerM: price === null ? null : price * 1.75,
      source: 'openrouter-endpoints',
    },
    throughput: { p50, source: p50 === null ? null : 'openrouter-endpoints' },
    available: spec.available ?? true,
    availability: { source: 'openrouter-endpoints', okEndpoints: spec.available === false ? 0 : 1, endpoints: 1 },
    frontier: false,
    match: 'openrouter_api_id',
    pinned: null,
  };
}

/**
 * Chains of the base artifact:
 *   high   default beta [gamma, alpha]   nitro delta [beta, gamma]
 *   medium default gee [phi, eps]        nitro eps [phi, gee]
 *   low    default eta [iota]            nitro eta [iota]
 */
export function baseEntries(): Entry[] {
  return [
    entry('a/alpha', 'high', { percentile: 97, price: 3, p50: 50, effort: 'high' }),
    entry('b/beta', 'high', { percentile: 95, price: 1, p50: 120 }),
    entry('c/gamma', 'high', { percentile: 92, price: 2, p50: 80, effort: 'max' }),
    entry('d/delta', 'high', { percentile: 91, price: 5, p50: 200, effort: 'high' }),
    entry('e/eps', 'medium', { percentile: 80, price: 0.5, p50: 100 }),
    entry('f/phi', 'medium', { percentile: 75, price: 0.3, p50: 60, effort: 'low' }),
    entry('g/gee', 'medium', { percentile: 70, price: 0.2, p50: null }),
    entry('h/eta', 'low', { percentile: 40, price: 0.1, p50: 150 }),
    entry('i/iota', 'low', { percentile: 30, price: null, p50: 90 }),
  ];
}

export const BASE_FRONTIER = ['a/alpha@high', 'b/beta@default', 'e/eps@default', 'h/eta@default'];

export function baseContent(entries: readonly Entry[] = baseEntries(), frontier: readonly string[] = BASE_FRONTIER): ShortlistContent {
  const onFrontier = new Set(frontier);
  const marked = entries.map((e) => ({ ...e, frontier: onFrontier.has(e.id) }));
  const bands = { high: 90, medium: 60, low: 0 };
  const tiers = Object.fromEntries(
    TIER_NAMES.map((t) => {
      const inTier = marked.filter((e) => e.tier === t);
      return [
        t,
        { minPercentile: bands[t], entries: [...inTier].sort(byPrice), byThroughput: [...inTier].sort(byThroughput).map((e) => e.id) },
      ];
    }),
  ) as ShortlistContent['tiers'];
  return {
    schemaVersion: SCHEMA_VERSION,
    attribution: ATTRIBUTION,
    rules: {
      tierBands: bands,
      scoreThresholds: { high: 0.66, medium: 0.33 },
      percentile: 'percentile rule',
      price: 'price rule',
      throughput: 'throughput rule',
      onePerModelPerTier: true,
    },
    field: { source: 'artificial-analysis', size: 40, indexVersion: 3, description: 'every AA row with a coding index' },
    tiers,
    frontier: [...frontier],
    exclusions: [{ model: 'x/excluded', effort: null, reason: 'no tool calling' }],
    unmatched: [
      {
        aaId: 'aa-u1',
        aaSlug: 'u1',
        aaName: 'Unmatched One',
        percentile: 88,
        status: 'unmatched',
        proposed: null,
        reason: 'no OpenRouter model',
      },
    ],
  };
}

/** A validated artifact; `version` and `createdAt` default to the first publication. */
export function artifact(content: ShortlistContent = baseContent(), meta: { version?: number; createdAt?: string } = {}): Shortlist {
  return Shortlist.parse({
    ...content,
    version: meta.version ?? 1,
    contentHash: contentHash(content),
    createdAt: meta.createdAt ?? '2026-08-01T00:00:00.000Z',
    sources: {
      'artificial-analysis': { runId: 1, fetchedAt: '2026-08-01T00:00:00.000Z', mode: 'replay' },
      'openrouter-models': null,
      'openrouter-endpoints': null,
    },
  });
}

/** The base entries with the entries named by id replaced (or dropped, when `patch` returns null). */
export function patched(patches: Record<string, (e: Entry) => Entry | null>, entries: readonly Entry[] = baseEntries()): Entry[] {
  const unknown = Object.keys(patches).filter((id) => !entries.some((e) => e.id === id));
  if (unknown.length > 0) throw new Error(`no fixture entry ${unknown.join(', ')}`);
  return entries.flatMap((e) => patches[e.id]?.(e) ?? (patches[e.id] ? [] : [e]));
}

const priceKey = (e: Entry) => e.price.promptPerM ?? Number.POSITIVE_INFINITY;
const speedKey = (e: Entry) => e.throughput.p50 ?? Number.NEGATIVE_INFINITY;

function byPrice(a: Entry, b: Entry): number {
  return priceKey(a) - priceKey(b) || b.percentile - a.percentile || speedKey(b) - speedKey(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function byThroughput(a: Entry, b: Entry): number {
  return speedKey(b) - speedKey(a) || byPrice(a, b);
}
