import type { Variant } from '../artifact/chains.js';
import { ResolveError, describeValue } from './error.js';
import { sessionFrom } from './session.js';
import { PLUGIN_ID, parsePlugin, type PluginFields, type PriceSource } from './plugin.js';

/**
 * A request as an OpenAI-compatible body carries it (SPEC §6). Typed loosely on purpose: it comes
 * from the network, and every field is checked here before anything else reads it.
 */
export interface RouteRequest {
  readonly model: string;
  readonly plugins?: readonly unknown[];
  readonly session_id?: unknown;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** The operator's default for requests (SPEC §6.1). */
export interface ConfiguredDefault {
  readonly min_coding_score?: number;
  readonly prevent_overrides?: boolean;
}

/** Which layer of configuration was in force for a request. */
export type ConfigSource = 'request' | 'configured-default' | 'built-in-default';

export interface EffectiveConfig {
  /** null = omitted, which routes to the high tier. */
  readonly min_coding_score: number | null;
  /** USD per 1M input tokens; null = tier routing. */
  readonly max_price: number | null;
  readonly price_source: PriceSource;
  readonly source: ConfigSource;
  /** Where the values came from, in words, for `explain`. */
  readonly why: string;
}

export interface ParsedRequest {
  readonly variant: Variant;
  readonly session: string | null;
  readonly config: EffectiveConfig;
}

export const MODEL_NAMES = ['pareto-code', 'pareto-code:nitro', 'openrouter/pareto-code', 'openrouter/pareto-code:nitro'] as const;

/** A validated configured default; the shape `parseConfiguredDefault` returns. */
export interface ValidDefault {
  readonly min_coding_score: number | null;
  readonly prevent_overrides: boolean;
}

/** Checks the operator's default once, at creation: a bad value is a configuration error (500). */
export function parseConfiguredDefault(value: unknown): ValidDefault | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResolveError(
      500,
      'default',
      `the configured default must be an object { min_coding_score?, prevent_overrides? }; got ${describeValue(value)}`,
    );
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'min_coding_score' && key !== 'prevent_overrides') {
      throw new ResolveError(
        500,
        `default.${key}`,
        `the configured default has no field "${key}"; accepted: min_coding_score, prevent_overrides`,
      );
    }
  }
  // Reuse the plugin's checks so the configured default obeys exactly the request's rules.
  const fields = parsePlugin({ id: PLUGIN_ID, min_coding_score: record.min_coding_score }, 'default.', 500);
  const prevent = record.prevent_overrides;
  if (prevent !== undefined && typeof prevent !== 'boolean') {
    throw new ResolveError(
      500,
      'default.prevent_overrides',
      `default.prevent_overrides must be true or false; got ${describeValue(prevent)}`,
    );
  }
  return { min_coding_score: fields.min_coding_score, prevent_overrides: prevent === true };
}

export function parseRequest(request: unknown, configured: ValidDefault | null): ParsedRequest {
  if (typeof request !== 'object' || request === null) {
    throw new ResolveError(400, null, 'the request must be a JSON object with a "model" field');
  }
  const body = request as Record<string, unknown>;
  const variant = variantOf(body.model);
  const plugin = findPlugin(body.plugins);
  // Validated whatever the configuration says, so a client learns about a bad field even when
  // prevent_overrides would have ignored it: the answer to a request never depends on that.
  const fields = plugin === null ? null : parsePlugin(plugin, '', 400);
  const session = sessionFrom(body.session_id, body.headers);
  return { variant, session, config: effectiveConfig(fields, configured) };
}

function variantOf(model: unknown): Variant {
  switch (model) {
    case 'pareto-code':
    case 'openrouter/pareto-code':
      return 'default';
    case 'pareto-code:nitro':
    case 'openrouter/pareto-code:nitro':
      return 'nitro';
  }
  throw new ResolveError(400, 'model', `model must be one of ${MODEL_NAMES.join(', ')}; got ${describeValue(model)}`);
}

/** More plugins than any real request sends (OpenRouter has a handful). */
export const MAX_PLUGINS = 32;

function findPlugin(plugins: unknown): Record<string, unknown> | null {
  if (plugins === undefined) return null;
  if (!Array.isArray(plugins))
    throw new ResolveError(400, 'plugins', `plugins must be an array of plugin objects; got ${describeValue(plugins)}`);
  // Checked before the loop: a sparse array can claim 2³²−1 elements and stall the thread walking them.
  if (plugins.length > MAX_PLUGINS)
    throw new ResolveError(400, 'plugins', `plugins must list at most ${MAX_PLUGINS} plugins; got ${plugins.length}`);
  let found: Record<string, unknown> | null = null;
  for (const item of plugins) {
    // Other plugins (web search, response healing…) are not ours to judge.
    if (typeof item !== 'object' || item === null || (item as Record<string, unknown>).id !== PLUGIN_ID) continue;
    if (found !== null) throw new ResolveError(400, 'plugins', `plugins lists "${PLUGIN_ID}" more than once; send at most one`);
    found = item as Record<string, unknown>;
  }
  return found;
}

const WHY = {
  noPluginDefault: 'configured default (the request has no pareto-router plugin)',
  noPluginBuiltIn: 'built-in default (no pareto-router plugin, no configured default)',
  prevented: 'configured default with prevent_overrides',
  preventedIgnoring: 'configured default with prevent_overrides (the request plugin is ignored)',
  disabled: 'built-in default (the request plugin sets enabled: false)',
  disabledOverDefault: 'built-in default (the request plugin sets enabled: false, which turns the configured default off too)',
  request: 'request plugin',
  requestWithDefaultScore: 'request plugin; min_coding_score from the configured default (the plugin does not set it)',
} as const;

/** SPEC §6.1. Decision: the plugin overrides the default field by field, so a plugin that sets only max_price keeps the configured min_coding_score. */
function effectiveConfig(plugin: PluginFields | null, configured: ValidDefault | null): EffectiveConfig {
  if (configured?.prevent_overrides) {
    return fromDefault(configured, plugin === null ? WHY.prevented : WHY.preventedIgnoring);
  }
  if (plugin === null) {
    return configured === null ? builtIn(WHY.noPluginBuiltIn) : fromDefault(configured, WHY.noPluginDefault);
  }
  if (plugin.enabled === false) return builtIn(configured === null ? WHY.disabled : WHY.disabledOverDefault);
  const inherit = plugin.min_coding_score === null && configured !== null && configured.min_coding_score !== null;
  return {
    min_coding_score: inherit ? configured.min_coding_score : plugin.min_coding_score,
    max_price: plugin.max_price,
    price_source: plugin.price_source ?? 'prompt',
    source: 'request',
    why: inherit ? WHY.requestWithDefaultScore : WHY.request,
  };
}

function fromDefault(configured: ValidDefault, why: string): EffectiveConfig {
  return { min_coding_score: configured.min_coding_score, max_price: null, price_source: 'prompt', source: 'configured-default', why };
}

function builtIn(why: string): EffectiveConfig {
  return { min_coding_score: null, max_price: null, price_source: 'prompt', source: 'built-in-default', why };
}
