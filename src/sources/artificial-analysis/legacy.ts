/**
 * The retired `/api/v2/data/llms/models` shape (APIS §1.5), converted to the current row shape
 * with AA's documented rename map. The parser uses it on old captures and replays; the reshape
 * script uses it to serve those captures as current-shape pages. Keeping one map in one place
 * makes both agree.
 */

/** Evaluation keys AA renamed in v2. Keys v2 no longer has (mmlu_pro, aime, …) are kept as sent. */
export const LEGACY_EVALUATION_RENAMES: Readonly<Record<string, string>> = {
  gpqa: 'gpqa_diamond',
  lcr: 'aa_lcr',
  tau2: 'tau2_telecom',
};

/** Top-level legacy metrics and their place under v2 `performance`. */
export const LEGACY_PERFORMANCE_RENAMES: Readonly<Record<string, string>> = {
  median_output_tokens_per_second: 'median_output_tokens_per_second',
  median_time_to_first_token_seconds: 'median_time_to_first_token_seconds',
  median_time_to_first_answer_token: 'median_time_to_first_answer_token_seconds',
  median_end_to_end_response_time_seconds: 'median_end_to_end_response_time_seconds',
};

type Json = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Legacy sent `0` for every speed, latency or price it had not measured (GPT-5.5 had
 * `median_output_tokens_per_second: 0`). v2 says null for that, so a legacy 0 becomes null.
 * Evaluation scores are left alone: a 0 there is a real score.
 */
function zeroToNull(value: unknown): unknown {
  return value === 0 ? null : value;
}

function renameEvaluations(evaluations: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(evaluations)) out[LEGACY_EVALUATION_RENAMES[key] ?? key] = value;
  return out;
}

function pricesWithNulls(pricing: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(pricing)) out[key] = zeroToNull(value);
  return out;
}

/**
 * One legacy row in the current shape. Unknown keys pass through untouched and the key order is
 * kept (performance takes the place of the first top-level median), so the result reads like a
 * v2 row. `model_creator.slug` is kept: the parser reports it as creatorSlug; the reshape script
 * removes it to match the v2 wire shape. Anything that is not an object is returned as is, for
 * the row schema to report.
 */
export function legacyRowToCurrent(row: unknown): unknown {
  if (!isPlainObject(row)) return row;
  const out: Json = {};
  let performance: Json | undefined;
  for (const [key, value] of Object.entries(row)) {
    const perfKey = LEGACY_PERFORMANCE_RENAMES[key];
    if (perfKey !== undefined) {
      if (!performance) {
        performance = {};
        out.performance = performance;
      }
      performance[perfKey] = zeroToNull(value);
    } else if (key === 'evaluations' && isPlainObject(value)) {
      out.evaluations = renameEvaluations(value);
    } else if (key === 'pricing' && isPlainObject(value)) {
      out.pricing = pricesWithNulls(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Legacy answers: `{status, prompt_options, data}`, or rows with top-level medians. */
export function looksLegacy(json: Json): boolean {
  if ('status' in json && 'prompt_options' in json) return true;
  const first = Array.isArray(json.data) ? json.data[0] : undefined;
  return isPlainObject(first) && 'median_output_tokens_per_second' in first;
}
