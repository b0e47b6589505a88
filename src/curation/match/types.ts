import type { EffortVocabularyRow } from '../effort-vocabulary-file.js';
import type { IndexCheck } from './index-check.js';

export type MatchStatus = 'matched' | 'proposed' | 'unmatched';

/** How the OpenRouter model was found. */
export type FoundBy = 'openrouter_api_id' | 'normal-form' | 'alias' | 'token';

/** 'effort-vocabulary': the model was found by `foundBy`, its effort through the effort vocabularies. */
export type MatchMethod = FoundBy | 'effort-vocabulary';

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
  /** How the model was found, also when `method` is 'effort-vocabulary'. */
  readonly foundBy: FoundBy | null;
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
  /** The effort vocabularies (data/effort-vocabularies.json); none by default. */
  readonly effortVocabularies?: readonly EffortVocabularyRow[];
}
