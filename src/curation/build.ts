import { ATTRIBUTION, SCHEMA_VERSION, TIER_NAMES, type Entry, type ShortlistContent, type TierName } from '../artifact/schema.js';
import type { AaModelRecord, OpenRouterEndpointRecord, OpenRouterModelRecord } from '../domain/records.js';
import type { CurationFile, CurationPin } from './curation-file.js';
import type { EffortVocabularyFile } from './effort-vocabulary-file.js';
import { paretoFrontier } from './frontier.js';
import { marketFacts } from './market.js';
import { exclusionOf, matchAaRows, type MatchResult } from './match/index.js';
import { orderByPrice, orderByThroughput } from './order.js';
import { percentiles } from './percentiles.js';
import { DEFAULT_BANDS, tierFor, type TierBands } from './percentile-tier.js';

/** What curation reads: the latest successful run of each source, plus the curation file. */
export interface CurationInput {
  /** null when there is no successful AA run: the field falls back to OpenRouter's republished indices. */
  readonly aaRows: readonly AaModelRecord[] | null;
  readonly models: readonly OpenRouterModelRecord[];
  readonly endpoints: readonly OpenRouterEndpointRecord[] | null;
  readonly curation: CurationFile;
  /** data/effort-vocabularies.json; none when absent (AA's levels must then be OpenRouter's names). */
  readonly effortVocabularies?: EffortVocabularyFile;
  readonly bands?: TierBands;
}

export interface CurationResult {
  readonly content: ShortlistContent;
  /** One per field row (AA mode only), for `pareto match` and the report. */
  readonly matches: readonly MatchResult[];
  /** Curation entries that applied to nothing (a typo, or a model that left). */
  readonly warnings: readonly string[];
}

/** The scoring side of a candidate, whichever field it comes from. */
interface Scored {
  readonly model: OpenRouterModelRecord;
  readonly effort: string | null;
  readonly codingIndex: number;
  readonly percentile: number;
  readonly aaRow: AaModelRecord | null;
  readonly match: Entry['match'];
}

export const SCORE_THRESHOLDS = Object.freeze({ high: 0.66, medium: 0.33 });

/** Pure: the whole shortlist content from plain data. Same input, same bytes. */
export function buildShortlistContent(input: CurationInput): CurationResult {
  const bands = input.bands ?? DEFAULT_BANDS;
  const field = input.aaRows ? fromAa(input.aaRows, input.models, input.curation, input.effortVocabularies) : fromOpenRouter(input.models);
  const endpointsByModel = groupBy(input.endpoints ?? [], (e) => e.modelId);
  const usedPins = new Set<CurationPin>();
  const usedExclusions = new Set<number>();
  const best = new Map<string, Entry>(); // tier|model → the model's best effort in that tier

  for (const s of field.scored) {
    const pin = input.curation.pins.find((p) => p.model === s.model.modelId && p.effort === s.effort);
    const tier = pin?.tier ?? tierFor(s.percentile, bands);
    if (!tier) continue;
    const exclusion = input.curation.exclusions.findIndex(
      (x) => x.model === s.model.modelId && (x.effort === undefined || x.effort === s.effort),
    );
    if (exclusion >= 0) {
      usedExclusions.add(exclusion);
      continue;
    }
    if (pin) usedPins.add(pin);
    const entry = toEntry(s, tier, pin, endpointsByModel.get(s.model.modelId));
    const key = `${tier}|${entry.model}`;
    const current = best.get(key);
    // One entry per model per tier: its highest-scoring effort (SPEC §4.3).
    if (!current || entry.codingIndex > current.codingIndex || (entry.codingIndex === current.codingIndex && entry.id < current.id))
      best.set(key, entry);
  }

  const entries = [...best.values()];
  const frontier = paretoFrontier(entries.map((e) => ({ id: e.id, price: e.price.promptPerM, score: e.codingIndex })));
  const onFrontier = new Set(frontier);
  const marked = entries.map((e) => ({ ...e, frontier: onFrontier.has(e.id) }));
  const tiers = Object.fromEntries(
    TIER_NAMES.map((name) => {
      const inTier = marked.filter((e) => e.tier === name);
      return [
        name,
        { minPercentile: bands[name], entries: orderByPrice(inTier), byThroughput: orderByThroughput(inTier).map((e) => e.id) },
      ];
    }),
  ) as ShortlistContent['tiers'];

  const warnings = [
    ...input.curation.pins
      .filter((p) => !usedPins.has(p))
      .map((p) => `pin ${p.model}@${p.effort ?? 'default'} → ${p.tier} applied to no entry`),
    ...input.curation.exclusions
      .filter((_, i) => !usedExclusions.has(i))
      .map((x) => `exclusion ${x.model}${x.effort === undefined ? '' : `@${x.effort ?? 'default'}`} removed nothing`),
  ];
  const content: ShortlistContent = {
    schemaVersion: SCHEMA_VERSION,
    attribution: ATTRIBUTION,
    rules: {
      tierBands: { ...bands },
      scoreThresholds: { ...SCORE_THRESHOLDS },
      percentile: 'round(100 * (below + 0.5 * tiesOther) / (N - 1)) over the field; N = 1 gives 100',
      price:
        'USD per 1M input tokens: the lowest prompt price among OK endpoints, else the model list price; blended = (3 * input + output) / 4',
      throughput: 'p50 output tokens/s: the best among OK endpoints, else AA median output speed; two significant digits; null = unknown',
      onePerModelPerTier: true,
    },
    field: field.description,
    tiers,
    frontier,
    exclusions: input.curation.exclusions.map((x) => ({
      model: x.model,
      ...(x.effort === undefined ? {} : { effort: x.effort }),
      reason: x.reason,
    })),
    unmatched: field.unmatched.filter((u) => tierFor(u.percentile, bands) !== null),
  };
  return { content, matches: field.matches, warnings };
}

function fromAa(
  rows: readonly AaModelRecord[],
  models: readonly OpenRouterModelRecord[],
  curation: CurationFile,
  vocabularies: EffortVocabularyFile | undefined,
) {
  const fieldRows = rows.filter((r): r is AaModelRecord & { codingIndex: number } => r.codingIndex !== null);
  const pct = percentiles(fieldRows.map((r) => r.codingIndex));
  const matches = matchAaRows(fieldRows, models, curation, { effortVocabularies: vocabularies?.vocabularies ?? [] });
  const byId = new Map(models.map((m) => [m.modelId, m]));
  const scored: Scored[] = [];
  const unmatched: ShortlistContent['unmatched'] = [];
  matches.forEach((m, i) => {
    const row = fieldRows[i]!;
    const percentile = pct[i]!;
    const model = m.status === 'matched' && m.model ? byId.get(m.model) : undefined;
    if (model)
      scored.push({
        model,
        effort: m.effort,
        codingIndex: row.codingIndex,
        percentile,
        aaRow: row,
        match: m.foundBy === 'token' || m.foundBy === null ? 'normal-form' : m.foundBy,
      });
    else
      unmatched.push({
        aaId: row.aaId,
        aaSlug: row.slug,
        aaName: row.name,
        percentile,
        status: m.status === 'proposed' ? 'proposed' : 'unmatched',
        proposed: m.status === 'proposed' ? m.model : null,
        reason: m.reason,
      });
  });
  const versions = new Set(fieldRows.map((r) => r.indexVersion));
  const indexVersion = versions.size === 1 ? ([...versions][0] ?? null) : null;
  return {
    scored,
    matches,
    unmatched,
    description: {
      source: 'artificial-analysis' as const,
      size: fieldRows.length,
      indexVersion,
      description: 'every Artificial Analysis row with a coding index (one row per reasoning-effort configuration)',
    },
  };
}

function fromOpenRouter(models: readonly OpenRouterModelRecord[]) {
  const fieldModels = models.filter(
    (m): m is OpenRouterModelRecord & { aaCodingIndex: number } => m.aaCodingIndex !== null && exclusionOf(m) === null,
  );
  const pct = percentiles(fieldModels.map((m) => m.aaCodingIndex));
  // OpenRouter does not say which AA effort row its republished score is, so the entry asks for
  // the model's default effort.
  const scored: Scored[] = fieldModels.map((model, i) => ({
    model,
    effort: null,
    codingIndex: model.aaCodingIndex,
    percentile: pct[i]!,
    aaRow: null,
    match: 'openrouter-benchmarks',
  }));
  return {
    scored,
    matches: [] as MatchResult[],
    unmatched: [] as ShortlistContent['unmatched'],
    description: {
      source: 'openrouter-benchmarks' as const,
      size: fieldModels.length,
      indexVersion: null,
      description:
        "every OpenRouter model with a republished AA coding index (no AA sync): OpenRouter does not name the effort, so entries use the model's default",
    },
  };
}

function toEntry(
  s: Scored,
  tier: TierName,
  pin: CurationPin | undefined,
  endpoints: readonly OpenRouterEndpointRecord[] | undefined,
): Entry {
  const facts = marketFacts(s.model, endpoints, s.aaRow?.outputTokensPerSecond ?? null);
  return {
    id: `${s.model.modelId}@${s.effort ?? 'default'}`,
    model: s.model.modelId,
    effort: s.effort,
    tier,
    aaId: s.aaRow?.aaId ?? null,
    aaName: s.aaRow?.name ?? null,
    codingIndex: s.codingIndex,
    percentile: s.percentile,
    ...facts,
    frontier: false,
    match: s.match,
    pinned: pin ? { reason: pin.reason } : null,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
