import type { EffortVocabularyRow } from '../effort-vocabulary-file.js';
import type { IndexCheck } from './index-check.js';

export type MatchStatus = 'matched' | 'proposed' | 'unmatched';

/** How the OpenRouter model was found. */
export type FoundBy = 'openrouter_api_id' | 'normal-form' | 'alias' | 'token';

/** 'effort-vocabulary': the model was found by `foundBy`, its effort through the effort vocabularies. */
export type MatchMethod = FoundBy | 'effort-vocabulary';

/**
 * Why a row is not matched, as a category a reviewer can count (`pareto match --summary`); the
 * row's `reason` says it in words.
 */
export type MatchCause =
  /** AA's level is not among the model's efforts on OpenRouter, and no effort vocabulary maps it. */
  | 'effort-not-offered'
  /** Non-reasoning, but OpenRouter has no effort none and its default is not known not to reason. */
  | 'non-reasoning-not-offered'
  /** Reasoning at an unstated level, but a default request on OpenRouter does not reason. */
  | 'default-does-not-reason'
  /** The slug and the name say different efforts. */
  | 'effort-conflict'
  /** The normal-form candidate was rejected by OpenRouter's republished AA indices or a naming rule. */
  | 'candidate-rejected'
  /** Several OpenRouter models have the row's normal form. */
  | 'ambiguous'
  /** Only an order-insensitive token match: a proposal for review. */
  | 'token-proposal'
  /** Another AA model or row claims the same OpenRouter model or entry more strongly (or as strongly). */
  | 'claimed-elsewhere'
  /** The curated alias points at a model OpenRouter does not list (or excludes). */
  | 'alias-target-missing'
  /** No OpenRouter model has the row's name in any form. */
  | 'no-model';

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
  /** Why it is not matched; null when it is. */
  readonly cause: MatchCause | null;
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
