import { z } from 'zod';

/**
 * The shortlist artifact: what `pareto publish` writes and the resolver reads. This zod schema
 * is the source of truth; `schema/shortlist.schema.json` is generated from it (a test keeps the
 * two equal) for anyone reading artifacts without this package.
 *
 * Strict on purpose: unknown keys are rejected, so a hand-edited or tampered file fails loudly.
 */
export const SCHEMA_VERSION = 1;
export const ATTRIBUTION = 'Source: Artificial Analysis (artificialanalysis.ai)';
export const TIER_NAMES = ['high', 'medium', 'low'] as const;
export type TierName = (typeof TIER_NAMES)[number];

const Money = z.number().nonnegative().nullable();

export const Entry = z
  .object({
    /** `model@effort`, or `model@default` when the entry uses the model's default effort. */
    id: z.string().min(3),
    model: z.string().regex(/^[^/\s]+\/[^\s]+$/, 'an OpenRouter id "author/slug"'),
    /** Reasoning effort to request; null = the model's default. */
    effort: z.string().min(1).nullable(),
    tier: z.enum(TIER_NAMES),
    /** AA row the score comes from; null when the field is OpenRouter's republished indices. */
    aaId: z.string().nullable(),
    aaName: z.string().nullable(),
    codingIndex: z.number(),
    percentile: z.number().int().min(0).max(100),
    price: z
      .object({
        /** USD per 1M input tokens: the price the router orders by. */
        promptPerM: Money,
        completionPerM: Money,
        /** (3·input + output) / 4, for price_source "blended". */
        blendedPerM: Money,
        source: z.enum(['openrouter-endpoints', 'openrouter-models']),
      })
      .strict(),
    throughput: z
      .object({
        /** p50 output tokens/s; null = unknown (never the fastest). */
        p50: z.number().positive().nullable(),
        source: z.enum(['openrouter-endpoints', 'artificial-analysis']).nullable(),
      })
      .strict(),
    available: z.boolean(),
    availability: z
      .object({
        source: z.enum(['openrouter-endpoints', 'openrouter-models']),
        okEndpoints: z.number().int().nonnegative().nullable(),
        endpoints: z.number().int().nonnegative().nullable(),
      })
      .strict(),
    /**
     * The providers of the model's OK endpoints: the display name OpenRouter reports in an
     * answer's `provider` → the endpoint tags `provider.order` takes. A sticky session asks its
     * pinned provider first by these. Absent without endpoint data (and in older versions).
     */
    providers: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
    /** On the price/score Pareto frontier of the whole shortlist. */
    frontier: z.boolean(),
    /** How the AA row was tied to the OpenRouter model. */
    match: z.enum(['openrouter_api_id', 'normal-form', 'alias', 'openrouter-benchmarks']),
    pinned: z
      .object({ reason: z.string().min(1) })
      .strict()
      .nullable(),
  })
  .strict();
export type Entry = z.infer<typeof Entry>;

const Tier = z
  .object({
    /** Lowest percentile of the band (inclusive). */
    minPercentile: z.number().int().min(0).max(100),
    /** Ordered by price ascending (ties: percentile desc, throughput desc, id asc). */
    entries: z.array(Entry),
    /** Entry ids ordered by p50 throughput descending, unknown last (ties as above). */
    byThroughput: z.array(z.string()),
  })
  .strict();

const SourceRun = z
  .object({ runId: z.number().int().positive(), fetchedAt: z.string(), mode: z.enum(['live', 'replay']) })
  .strict()
  .nullable();

/** Everything the content hash covers: no timestamps, no run ids. */
export const ShortlistContent = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    attribution: z.literal(ATTRIBUTION),
    rules: z
      .object({
        tierBands: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }).strict(),
        /** min_coding_score → tier (SPEC §6.2): s ≥ high → high, s ≥ medium → medium, else low. */
        scoreThresholds: z.object({ high: z.number(), medium: z.number() }).strict(),
        percentile: z.string(),
        price: z.string(),
        throughput: z.string(),
        onePerModelPerTier: z.literal(true),
      })
      .strict(),
    field: z
      .object({
        source: z.enum(['artificial-analysis', 'openrouter-benchmarks']),
        size: z.number().int().nonnegative(),
        indexVersion: z.number().nullable(),
        description: z.string(),
      })
      .strict(),
    tiers: z.object({ high: Tier, medium: Tier, low: Tier }).strict(),
    /** Entry ids on the price/score frontier, best score first (for max_price routing). */
    frontier: z.array(z.string()),
    /** `effort` absent: every effort of the model; null: its default effort. */
    exclusions: z.array(z.object({ model: z.string(), effort: z.string().nullable().optional(), reason: z.string() }).strict()),
    /** AA rows that would have made the shortlist but are not tied to an OpenRouter model. */
    unmatched: z.array(
      z
        .object({
          aaId: z.string(),
          aaSlug: z.string(),
          aaName: z.string(),
          percentile: z.number().int(),
          status: z.enum(['proposed', 'unmatched']),
          proposed: z.string().nullable(),
          reason: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type ShortlistContent = z.infer<typeof ShortlistContent>;

export const Shortlist = ShortlistContent.extend({
  version: z.number().int().positive(),
  /** SHA-256 (hex) of the canonical JSON of the content (every key above). */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().datetime(),
  /** Provenance: the runs this version was built from (not in contentHash; in envelopeHash). */
  sources: z.object({ 'artificial-analysis': SourceRun, 'openrouter-models': SourceRun, 'openrouter-endpoints': SourceRun }).strict(),
  /**
   * SHA-256 (hex) of the canonical JSON of version, contentHash, createdAt and sources, so an
   * edited version number or date is caught like edited content. Written by every publish;
   * absent only in artifacts published before it existed.
   */
  envelopeHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
}).strict();
export type Shortlist = z.infer<typeof Shortlist>;
