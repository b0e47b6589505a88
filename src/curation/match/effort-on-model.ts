import type { EffortVocabularyRow } from '../effort-vocabulary-file.js';
import type { Effort, EffortMarkers } from './effort.js';
import type { MatchCause } from './types.js';

/** The OpenRouter effort an AA configuration maps to on one model, or why it cannot. */
export type EffortOutcome =
  | { readonly ok: true; readonly effort: Effort | null; readonly note: string | null; readonly vocabulary: EffortVocabularyRow | null }
  | { readonly ok: false; readonly effort: Effort | null; readonly problem: string; readonly cause: EffortCause };

export type EffortCause = Extract<MatchCause, 'effort-not-offered' | 'non-reasoning-not-offered' | 'default-does-not-reason'>;

export interface EffortModel {
  readonly supportedEfforts: readonly string[] | null;
  readonly defaultEffort: string | null;
  readonly reasoningMandatory: boolean | null;
  /** OpenRouter's `reasoning.default_enabled`: whether a request without reasoning settings reasons. */
  readonly reasoningDefaultEnabled?: boolean | null;
}

/** The rows of the effort vocabularies whose `models` cover `modelId` (an id, or a prefix ending in "*"). */
export function vocabularyFor(rows: readonly EffortVocabularyRow[], modelId: string): EffortVocabularyRow[] {
  return rows.filter((row) => (row.models.endsWith('*') ? modelId.startsWith(row.models.slice(0, -1)) : modelId === row.models));
}

/** Whether a request without reasoning settings reasons: true, false, or null when OpenRouter does not say. */
function defaultReasons(model: EffortModel): boolean | null {
  if (model.reasoningMandatory === true) return true;
  if (model.defaultEffort === 'none') return false;
  return model.reasoningDefaultEnabled ?? null;
}

const ok = (effort: Effort | null, note: string | null, vocabulary: EffortVocabularyRow | null = null): EffortOutcome => ({
  ok: true,
  effort,
  note,
  vocabulary,
});

/**
 * Turns the markers into an OpenRouter effort for `model`. When OpenRouter lists
 * `supported_efforts`, the effort must be one of them, otherwise the row cannot be matched, with
 * two ways to still name the configuration AA measured:
 * - a level OpenRouter calls by another name: the effort vocabularies (`vocabulary`, the rows
 *   for this model) map the provider's level ("max") to OpenRouter's ("xhigh"); only a
 *   documented row does, and only onto an effort the model lists;
 * - non-reasoning where `none` is not listed: a default request does not reason when OpenRouter
 *   says so (`reasoning.default_enabled: false`), so the row is the model's default (effort null).
 *
 * Reasoning without a level (rule 5 of the markers) maps to the model's default only when the
 * default reasons: reasoning is mandatory or `default_enabled` is true. When OpenRouter says the
 * default does not reason (`default_enabled: false`, or default effort `none`), the row is not
 * matched. When it does not say (no `default_enabled`, reasoning optional), the Decision is
 * to keep the match at the default and say in the note that the score may overstate a default
 * request; a curated alias with an explicit effort is the way to pin it.
 */
export function effortFor(markers: EffortMarkers, model: EffortModel, vocabulary: readonly EffortVocabularyRow[] = []): EffortOutcome {
  const supported = model.supportedEfforts;
  const listed = (effort: Effort): boolean => supported === null || supported.includes(effort);
  const reasons = defaultReasons(model);
  if (markers.reasoning === 'off') {
    if (listed('none')) return ok('none', null);
    if (reasons === false)
      return ok(
        null,
        `non-reasoning: OpenRouter offers no effort none (${supported?.join(', ')}), and its default does not reason (default_enabled false), so the default is this configuration`,
      );
    return {
      ok: false,
      effort: 'none',
      cause: 'non-reasoning-not-offered',
      problem: `non-reasoning, but OpenRouter offers only efforts ${supported?.join(', ')}${reasons === true ? ' and its default reasons' : ''}`,
    };
  }
  if (markers.level) {
    if (listed(markers.level)) return ok(markers.level, null);
    const row = vocabulary.find((r) => r.native === markers.level && listed(r.openrouter));
    if (row)
      return ok(row.openrouter, `effort vocabulary: ${row.family} ${row.native} is OpenRouter's ${row.openrouter} (${row.source})`, row);
    return {
      ok: false,
      effort: markers.level,
      cause: 'effort-not-offered',
      problem: `effort ${markers.level} is not among OpenRouter's efforts (${supported?.join(', ')}) and no effort vocabulary maps it`,
    };
  }
  if (markers.reasoning === 'on') {
    if (reasons === false) {
      return {
        ok: false,
        effort: null,
        cause: 'default-does-not-reason',
        problem: `AA measured it with reasoning on at an unstated level, and OpenRouter's default does not reason (${model.defaultEffort === 'none' ? 'default effort none' : 'default_enabled false'})`,
      };
    }
    if (reasons === true)
      return ok(
        null,
        `reasoning without a level: the model default, which reasons (${model.reasoningMandatory ? 'reasoning is mandatory' : 'default_enabled'}${model.defaultEffort ? `, default effort ${model.defaultEffort}` : ''})`,
      );
    if (supported !== null)
      return ok(
        null,
        `reasoning without a level: the model default (${model.defaultEffort ?? 'unstated'}); OpenRouter does not say whether it reasons by default`,
      );
    return ok(
      null,
      'reasoning without a level and no effort list on OpenRouter: the model default, which may not reason (OpenRouter does not say)',
    );
  }
  return ok(null, null);
}
