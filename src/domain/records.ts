/**
 * The records sources produce and curation, the database and the artifact read: plain data, shared
 * by every layer, so it lives apart from the source interface (which knows about HTTP and config).
 */

/** One AA row: one model at one reasoning-effort configuration. Prices in USD per 1M tokens. */
export interface AaModelRecord {
  /** AA's stable UUID; the leaderboard page has none, so its rows use `slug:<slug>`. */
  readonly aaId: string;
  readonly slug: string;
  readonly name: string;
  readonly creatorId: string | null;
  readonly creatorName: string | null;
  /** Only the legacy shape carried it. */
  readonly creatorSlug: string | null;
  readonly releaseDate: string | null;
  /** `intelligence_index_version` of the response; null when the shape does not say (legacy). */
  readonly indexVersion: number | null;
  readonly intelligenceIndex: number | null;
  readonly codingIndex: number | null;
  readonly agenticIndex: number | null;
  readonly priceInputPerM: number | null;
  readonly priceOutputPerM: number | null;
  readonly priceBlendedPerM: number | null;
  /** AA median output tokens/s; null (never 0) when not measured. */
  readonly outputTokensPerSecond: number | null;
  readonly ttftSeconds: number | null;
  /** AA Pro only: the authoritative join to OpenRouter. */
  readonly openrouterApiId: string | null;
  readonly reasoningModel: boolean | null;
  /**
   * Every evaluation key: an open map, so a new benchmark needs no migration. Legacy names are
   * renamed to their v2 names (gpqa → gpqa_diamond, lcr → aa_lcr, tau2 → tau2_telecom).
   */
  readonly evaluations: Readonly<Record<string, number | null>>;
}

/** One OpenRouter model from /models. Prices in USD per 1M tokens, converted exactly. */
export interface OpenRouterModelRecord {
  readonly modelId: string;
  readonly canonicalSlug: string | null;
  readonly name: string;
  /** Unix seconds when it was added to OpenRouter. */
  readonly created: number | null;
  readonly contextLength: number | null;
  readonly inputModalities: readonly string[];
  readonly outputModalities: readonly string[];
  readonly tokenizer: string | null;
  /** null when the price is the router sentinel "-1" or absent. */
  readonly promptPricePerM: number | null;
  readonly completionPricePerM: number | null;
  /** True for the "-1" sentinel of router models whose price depends on the routed model. */
  readonly variablePrice: boolean;
  readonly supportedEfforts: readonly string[] | null;
  readonly defaultEffort: string | null;
  readonly reasoningMandatory: boolean | null;
  /**
   * `reasoning.default_enabled`: whether a request without reasoning settings reasons; null when
   * OpenRouter does not say (and in observations stored before it was read).
   */
  readonly reasoningDefaultEnabled: boolean | null;
  /** `reasoning.supports_max_tokens`: whether a reasoning token budget can be set; null when not said. */
  readonly reasoningSupportsMaxTokens: boolean | null;
  readonly supportedParameters: readonly string[];
  readonly aaIntelligenceIndex: number | null;
  readonly aaCodingIndex: number | null;
  readonly aaAgenticIndex: number | null;
  readonly expirationDate: string | null;
  readonly knowledgeCutoff: string | null;
  readonly huggingFaceId: string | null;
}

/** One provider endpoint of an OpenRouter model. Prices per 1M tokens; latency ms; throughput tokens/s. */
export interface OpenRouterEndpointRecord {
  readonly modelId: string;
  readonly endpointName: string;
  readonly providerName: string;
  readonly tag: string;
  readonly quantization: string | null;
  /** 0 = OK; negative values mean degraded or disabled. */
  readonly status: number | null;
  readonly uptime5m: number | null;
  readonly uptime30m: number | null;
  readonly uptime1d: number | null;
  readonly promptPricePerM: number | null;
  readonly completionPricePerM: number | null;
  readonly latencyP50Ms: number | null;
  readonly throughputP50: number | null;
  readonly contextLength: number | null;
  readonly maxCompletionTokens: number | null;
}

export interface RecordKinds {
  'aa-model': AaModelRecord;
  'openrouter-model': OpenRouterModelRecord;
  'openrouter-endpoint': OpenRouterEndpointRecord;
}
export type RecordKind = keyof RecordKinds;

/** A record the source read but could not use; counted and reported, never silently lost. */
/** Why a row was left out: it failed the schema, repeated an id, or its model is gone (404). */
export type DropKind = 'schema' | 'duplicate' | 'not_found';

export interface DroppedRecord {
  readonly key: string;
  readonly kind: DropKind;
  readonly reason: string;
}
