import { perTokenToPerMillion, shiftDecimal } from '../../util/decimal.js';

/**
 * One OpenRouter price, read from its USD-per-token string. Router models whose price depends on
 * the model they route to send the sentinel "-1": that is "variable", not a negative price.
 */
export interface PerTokenPrice {
  /** USD per 1M tokens, converted exactly; null for the "-1" sentinel. */
  readonly perM: number | null;
  readonly variable: boolean;
}

/** A decimal string or number in USD per token; undefined for anything that is not a price. */
export function readPerTokenPrice(value: string | number): PerTokenPrice | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (shiftDecimal(text, 0) === -1) return { perM: null, variable: true };
  const perM = perTokenToPerMillion(text);
  // Any other negative number is not a price OpenRouter documents: reject it rather than store it.
  if (perM === undefined || perM < 0) return undefined;
  return { perM, variable: false };
}
