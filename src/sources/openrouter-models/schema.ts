import { z } from 'zod';
import { readPerTokenPrice } from './price.js';

/**
 * The parts of OpenRouter's `GET /models` answer this source reads (APIS §2.2). Rows are checked
 * one by one and a bad row is dropped with its reason; only the envelope is strict. Fields that
 * OpenRouter omits for some models (reasoning, benchmarks, dates) are optional and become null.
 */
const optionalString = z.string().nullable().optional();
const optionalNumber = z.number().nullable().optional();
const stringList = z.array(z.string()).nullable().optional();

/** A price string in USD per token ("0.000003", "1e-7", or the router sentinel "-1"). */
export const UsdPerToken = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const price = readPerTokenPrice(value);
  if (price) return price;
  ctx.addIssue({ code: 'custom', message: `not a price in USD per token: ${JSON.stringify(value)}` });
  return z.NEVER;
});

/** "text+image->text" → its two sides; older answers carried only this string. */
function splitModality(modality: string | null | undefined): { input: string[]; output: string[] } | undefined {
  const match = modality ? /^(.+)->(.+)$/.exec(modality) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { input: match[1].split('+'), output: match[2].split('+') };
}

// Output modalities decide whether a model can answer in text at all, so a row that does not say
// is dropped: a renamed key would otherwise turn every model into "no text output" silently.
const Architecture = z
  .object({ modality: optionalString, input_modalities: stringList, output_modalities: stringList, tokenizer: optionalString })
  .transform((a, ctx) => {
    const fromModality = splitModality(a.modality);
    const output = a.output_modalities ?? fromModality?.output;
    if (!output) {
      ctx.addIssue({ code: 'custom', message: 'has neither output_modalities nor a modality like "text->text"' });
      return z.NEVER;
    }
    return { input: a.input_modalities ?? fromModality?.input ?? [], output, tokenizer: a.tokenizer ?? null };
  });

export const OpenRouterModel = z.object({
  id: z.string().min(1),
  canonical_slug: optionalString,
  name: z.string(),
  created: optionalNumber,
  context_length: optionalNumber,
  hugging_face_id: optionalString,
  architecture: Architecture,
  // The key set varies by model; a missing prompt or completion price is unknown, never 0.
  pricing: z.object({ prompt: UsdPerToken.nullable().optional(), completion: UsdPerToken.nullable().optional() }),
  supported_parameters: stringList,
  reasoning: z
    .object({
      mandatory: z.boolean().nullable().optional(),
      default_enabled: z.boolean().nullable().optional(),
      default_effort: optionalString,
      supported_efforts: stringList,
      supports_max_tokens: z.boolean().nullable().optional(),
    })
    .nullable()
    .optional(),
  benchmarks: z
    .object({
      artificial_analysis: z
        .object({ intelligence_index: optionalNumber, coding_index: optionalNumber, agentic_index: optionalNumber })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  expiration_date: optionalString,
  knowledge_cutoff: optionalString,
});
export type OpenRouterModel = z.infer<typeof OpenRouterModel>;

/**
 * Both envelopes: older answers are just `{data}`; newer ones add `total_count` and `links.next`
 * (non-null only when the caller paginates with offset/limit). `data` stays `unknown[]` here.
 */
export const OpenRouterModelsPage = z.object({
  data: z.array(z.unknown()),
  total_count: z.number().int().nonnegative().nullable().optional(),
  links: z.object({ next: optionalString }).nullable().optional(),
});
export type OpenRouterModelsPage = z.infer<typeof OpenRouterModelsPage>;
