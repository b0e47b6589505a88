import { ResolveError, describeValue, type ResolveStatus } from './error.js';

/**
 * The `pareto-router` plugin object of a request (SPEC §6): `{ id, enabled?, min_coding_score?,
 * max_price?, price_source? }`. Every field is checked strictly: a wrong type or range is an
 * error naming the field and what it accepts, never a silent fallback to a default, because a
 * silently ignored "0.5" would route a caller who asked for medium to the high tier.
 */
export const PLUGIN_ID = 'pareto-router';
export const PLUGIN_FIELDS = ['id', 'enabled', 'min_coding_score', 'max_price', 'price_source'] as const;
export const PRICE_SOURCES = ['prompt', 'blended'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** The plugin's fields after validation; null = not set. */
export interface PluginFields {
  readonly enabled: boolean | null;
  readonly min_coding_score: number | null;
  readonly max_price: number | null;
  readonly price_source: PriceSource | null;
}

/**
 * `prefix` and `status` let the configured default reuse these checks: its errors name
 * `default.min_coding_score` and are configuration errors (500), not the caller's (400).
 */
export function parsePlugin(plugin: Readonly<Record<string, unknown>>, prefix: string, status: ResolveStatus): PluginFields {
  for (const key in plugin) {
    if (!isPluginField(key)) {
      throw new ResolveError(
        status,
        `${prefix}${key}`,
        `the ${PLUGIN_ID} plugin has no field "${key}"; accepted: ${PLUGIN_FIELDS.join(', ')}`,
      );
    }
  }
  return {
    enabled: optionalBoolean(plugin.enabled, `${prefix}enabled`, status),
    min_coding_score: score(plugin.min_coding_score, `${prefix}min_coding_score`, status),
    max_price: price(plugin.max_price, `${prefix}max_price`, status),
    price_source: priceSource(plugin.price_source, `${prefix}price_source`, status),
  };
}

function isPluginField(key: string): boolean {
  return key === 'id' || key === 'enabled' || key === 'min_coding_score' || key === 'max_price' || key === 'price_source';
}

function score(value: unknown, field: string, status: ResolveStatus): number | null {
  if (value === undefined) return null;
  // NaN fails both comparisons, so it lands in the error with every other bad value.
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new ResolveError(status, field, `${field} must be a number from 0 to 1 (omit it for the high tier); got ${describeValue(value)}`);
}

function price(value: unknown, field: string, status: ResolveStatus): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number' && value >= 0 && value !== Number.POSITIVE_INFINITY) return value;
  throw new ResolveError(status, field, `${field} must be a finite number ≥ 0 (USD per 1M input tokens); got ${describeValue(value)}`);
}

function priceSource(value: unknown, field: string, status: ResolveStatus): PriceSource | null {
  if (value === undefined) return null;
  if (value === 'prompt' || value === 'blended') return value;
  const hint =
    value === 'weighted_avg'
      ? 'OpenRouter calls the blended price "weighted_avg"; this router names it "blended" ((3 · input + output) / 4)'
      : undefined;
  throw new ResolveError(
    status,
    field,
    `${field} must be one of ${PRICE_SOURCES.map((s) => `"${s}"`).join(', ')}; got ${describeValue(value)}`,
    hint,
  );
}

function optionalBoolean(value: unknown, field: string, status: ResolveStatus): boolean | null {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  throw new ResolveError(status, field, `${field} must be true or false; got ${describeValue(value)}`);
}
