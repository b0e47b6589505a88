import { describe, expect, it } from 'vitest';
import { perTokenToPerMillion, shiftDecimal } from '../../src/util/decimal.js';

describe('perTokenToPerMillion', () => {
  it.each([
    ['0.000003', 3],
    ['0.000015', 15],
    ['0.00000015', 0.15],
    ['0.0000003', 0.3],
    ['0.0000000605', 0.0605],
    ['0.00000004815', 0.04815],
    ['0.0000001875', 0.1875],
    ['0.0000225', 22.5],
    ['0', 0],
    ['0.0', 0],
    ['1', 1_000_000],
    ['-1', -1_000_000],
    ['1e-7', 0.1],
    ['3E-6', 3],
    ['1.5e-6', 1.5],
    ['  0.000003  ', 3],
    ['.000003', 3],
  ])('%j USD/token is exactly %d USD per 1M tokens', (input, expected) => {
    expect(perTokenToPerMillion(input)).toBe(expected);
  });

  it('is exact where floating-point multiplication is not', () => {
    // Real prices from the 2026-08-22 /models capture; the reason the point is shifted in the string.
    expect(Number('0.000000025') * 1e6).toBe(0.024999999999999998);
    expect(Number('0.0000000605') * 1e6).toBe(0.060500000000000005);
    expect(perTokenToPerMillion('0.000000025')).toBe(0.025);
    expect(perTokenToPerMillion('0.0000000605')).toBe(0.0605);
    expect(perTokenToPerMillion('0.000000019')).toBe(0.019);
    expect(perTokenToPerMillion('0.0000000208333333333333')).toBe(0.0208333333333333);
  });

  it('converts numbers through their shortest decimal form', () => {
    expect(perTokenToPerMillion(0.000003)).toBe(3);
    expect(perTokenToPerMillion(1e-7)).toBe(0.1);
    expect(perTokenToPerMillion(0)).toBe(0);
  });

  it.each(['', ' ', 'abc', '0.00000x3', '1e', '$0.000003', 'NaN', 'Infinity', '1,5', '.', '0.1.2', '1e999'])('rejects %j', (input) => {
    expect(perTokenToPerMillion(input)).toBeUndefined();
  });
});

describe('shiftDecimal', () => {
  it('moves the point either way', () => {
    expect(shiftDecimal('12.34', 1)).toBe(123.4);
    expect(shiftDecimal('12.34', -3)).toBe(0.01234);
    expect(shiftDecimal('-0.5', 0)).toBe(-0.5);
    expect(shiftDecimal('7', 0)).toBe(7);
  });
});
