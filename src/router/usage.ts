/**
 * What an answer cost, as OpenRouter reports it in `usage` (APIS §2.9): the prompt tokens, the
 * part of them read from cache, the completion tokens, and `cost` in credits (1 credit = 1 USD).
 * The router puts these in its log line and its spend counters, so a team sees what each model
 * costs it without a second bookkeeping system. Pure.
 */
export interface Usage {
  readonly promptTokens: number | null;
  readonly cachedTokens: number | null;
  readonly completionTokens: number | null;
  /** USD; OpenRouter's credits. */
  readonly cost: number | null;
}

/** The usage of a parsed answer or stream chunk; null when it gives none of the figures. */
export function usageOf(body: Record<string, unknown>): Usage | null {
  const usage = body.usage;
  if (typeof usage !== 'object' || usage === null) return null;
  const u = usage as Record<string, unknown>;
  const details = u.prompt_tokens_details as Record<string, unknown> | null | undefined;
  return usageFrom(count(u.prompt_tokens), count(details?.cached_tokens), count(u.completion_tokens), amount(u.cost));
}

/** The figures as one usage, or null when none is known. */
export function usageFrom(
  promptTokens: number | null,
  cachedTokens: number | null,
  completionTokens: number | null,
  cost: number | null,
): Usage | null {
  if (promptTokens === null && cachedTokens === null && completionTokens === null && cost === null) return null;
  return { promptTokens, cachedTokens, completionTokens, cost };
}

/** A token count: a non-negative integer, else unknown. */
export function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A cost: a finite non-negative number, else unknown. */
export function amount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
