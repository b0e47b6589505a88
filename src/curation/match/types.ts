import type { IndexCheck } from './index-check.js';

export type MatchStatus = 'matched' | 'proposed' | 'unmatched';

export type MatchMethod = 'openrouter_api_id' | 'normal-form' | 'alias' | 'token';

/** The outcome for one AA row: which OpenRouter (model, effort) it is, and why. */
export interface MatchResult {
  readonly aaId: string;
  readonly aaSlug: string;
  readonly aaName: string;
  /** The OpenRouter id; for 'proposed' the candidate when there is exactly one, else null. */
  readonly model: string | null;
  /** OpenRouter reasoning effort; null = the model's default. */
  readonly effort: string | null;
  readonly status: MatchStatus;
  readonly method: MatchMethod | null;
  /** One sentence or two a reviewer can act on. */
  readonly reason: string;
  /** What OpenRouter's republished AA indices said about `model`; null when there was no model. */
  readonly indexCheck: IndexCheck | null;
}

export interface MatchOptions {
  /**
   * Use OpenRouter's republished AA indices to confirm and reject candidates (default true).
   * Off only to measure what the check contributes.
   */
  readonly indexCrossCheck?: boolean;
}
