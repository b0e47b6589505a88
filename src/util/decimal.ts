/**
 * OpenRouter sends prices as decimal strings in USD per token ("0.0000000605"). Multiplying by
 * 1e6 in floating point gives 0.060500000000000005; shifting the decimal point in the string
 * first gives exactly 0.0605. Returns undefined for anything that is not a plain decimal number.
 */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function shiftDecimal(value: string, places: number): number | undefined {
  const match = DECIMAL.exec(value.trim());
  if (!match) return undefined;
  const [, sign = '', intPart = '', fracPart = '', exp = '0'] = match;
  if (intPart === '' && fracPart === '') return undefined;
  const digits = intPart + fracPart;
  // Position of the decimal point within `digits` after the shift.
  const point = intPart.length + Number(exp) + places;
  let shifted: string;
  if (point <= 0) shifted = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) shifted = digits + '0'.repeat(point - digits.length);
  else shifted = `${digits.slice(0, point)}.${digits.slice(point)}`;
  const result = Number(sign + shifted);
  return Number.isFinite(result) ? result : undefined;
}

/** USD per token (string or number) → USD per 1M tokens, exactly as written. */
export function perTokenToPerMillion(value: string | number): number | undefined {
  return shiftDecimal(typeof value === 'number' ? String(value) : value, 6);
}
