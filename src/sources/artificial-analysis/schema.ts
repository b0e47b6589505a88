import { z } from 'zod';

/**
 * The parts of AA's `/api/v2/language/models{,/free}` answer this source reads, in the current
 * (v2) shape. Legacy rows are converted to this shape first (see legacy.ts), and the leaderboard
 * page's rows too, so one schema and one normaliser serve every path.
 *
 * Rows are validated one by one and a bad row is dropped with its reason; only the envelope is
 * strict. Every metric is nullable: AA sends null for "not measured or not in this tier".
 */
const metric = z.number().nullable().optional();

export const AaRow = z.object({
  // A UUID on the API; the leaderboard page has none, so its rows carry `slug:<slug>`.
  id: z.string().min(1),
  name: z.string().min(1),
  slug: z.string().min(1),
  release_date: z.string().nullable().optional(),
  model_creator: z
    .object({
      id: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
      // Legacy only; v2 dropped it.
      slug: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  // Required: without it a row has no scores, so a rename must count as drift, not as nulls.
  evaluations: z.record(z.string(), z.unknown()),
  pricing: z
    .object({
      price_1m_input_tokens: metric,
      price_1m_output_tokens: metric,
      // Pro (and legacy) only.
      price_1m_blended_3_to_1: metric,
    })
    .nullable()
    .optional(),
  performance: z
    .object({
      median_output_tokens_per_second: metric,
      median_time_to_first_token_seconds: metric,
    })
    .nullable()
    .optional(),
  // Pro only.
  openrouter_api_id: z.string().nullable().optional(),
  reasoning_model: z.boolean().nullable().optional(),
});
export type AaRow = z.infer<typeof AaRow>;

export const AaPagination = z.object({
  page: z.number().int().positive().optional(),
  page_size: z.number().int().positive().optional(),
  total_pages: z.number().int().nonnegative().optional(),
  has_more: z.boolean(),
});
export type AaPagination = z.infer<typeof AaPagination>;

/** Current envelope. `data` stays `unknown[]` here: rows are checked one by one. */
export const AaCurrentEnvelope = z.object({
  tier: z.string().nullable().optional(),
  // Scores of different index versions must never be compared, so a missing version is drift.
  intelligence_index_version: z.number(),
  pagination: AaPagination.nullable().optional(),
  data: z.array(z.unknown()),
});
export type AaCurrentEnvelope = z.infer<typeof AaCurrentEnvelope>;

/** Legacy `/api/v2/data/llms/models`: everything in one answer, no version, no pagination. */
export const AaLegacyEnvelope = z.object({
  status: z.number().optional(),
  prompt_options: z.unknown().optional(),
  data: z.array(z.unknown()),
});
export type AaLegacyEnvelope = z.infer<typeof AaLegacyEnvelope>;
