/**
 * The page's camelCase rows, turned into the current API row shape so they go through the same
 * row schema and normaliser as the API (STYLE §7). Evaluation names follow the API's
 * (gpqa → gpqa_diamond, lcr → aa_lcr, tau2 → tau2_telecom, …); values are kept as sent.
 */
const EVALUATIONS: Readonly<Record<string, string>> = {
  intelligenceIndex: 'artificial_analysis_intelligence_index',
  codingIndex: 'artificial_analysis_coding_index',
  agenticIndex: 'artificial_analysis_agentic_index',
  gpqa: 'gpqa_diamond',
  hle: 'hle',
  critpt: 'critpt',
  lcr: 'aa_lcr',
  ifbench: 'ifbench',
  tau2: 'tau2_telecom',
  tauBanking: 'tau_banking',
  terminalbenchHard: 'terminalbench_hard',
  terminalbenchV21: 'terminalbench_v2_1',
  terminalbenchV40: 'terminalbench_v4_0',
  scicode: 'scicode',
  mmmuPro: 'mmmu_pro',
  gdpvalNormalized: 'gdpval_aa_normalized',
  itbenchSre: 'itbench_sre',
  analystAgent: 'analyst_agent',
  apexAgents: 'apex_agents',
  omniscience: 'aa_omniscience_index',
  omniscienceAccuracy: 'aa_omniscience_accuracy',
  omniscienceNonHallucination: 'aa_omniscience_non_hallucination_rate',
};

/** The API always sends these three (null when unscored); the others only when the page has them. */
const ALWAYS = new Set(['intelligenceIndex', 'codingIndex', 'agenticIndex']);

/** RSC writes `undefined` as the string "$undefined" (and other "$…" references): not a value. */
function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && !value.startsWith('$') ? value : null;
}

export function leaderboardRowToApiRow(model: unknown): unknown {
  if (typeof model !== 'object' || model === null || Array.isArray(model)) return model;
  const m = model as Record<string, unknown>;
  const slug = str(m.slug);
  const evaluations: Record<string, number | null> = {};
  for (const [camel, key] of Object.entries(EVALUATIONS)) {
    if (ALWAYS.has(camel) || camel in m) evaluations[key] = num(m[camel]);
  }
  return {
    // The page shows no AA UUID; a slug-based key keeps these rows apart from API rows.
    id: str(m.id) ?? (slug ? `slug:${slug}` : undefined),
    name: str(m.name) ?? str(m.shortName),
    slug,
    release_date: str(m.releaseDate),
    model_creator: { id: null, name: str(m.modelCreatorName) },
    evaluations,
    pricing: {
      price_1m_input_tokens: num(m.price1mInputTokens),
      price_1m_output_tokens: num(m.price1mOutputTokens),
      price_1m_cache_hit_tokens: num(m.cacheHitPrice),
      price_1m_cache_write_tokens: num(m.cacheWritePrice),
    },
    performance: {
      median_output_tokens_per_second: num(m.medianOutputTokensPerSecond),
      median_time_to_first_token_seconds: num(m.medianTimeToFirstTokenSeconds),
      median_time_to_first_answer_token_seconds: num(m.medianTimeToFirstAnswerTokenSeconds),
      median_end_to_end_response_time_seconds: num(m.medianEndToEndResponseTimeSeconds),
    },
    reasoning_model: typeof m.isReasoning === 'boolean' ? m.isReasoning : null,
  };
}
