import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep } from '../../src/util/redact.js';

const KEY = 'sk-or-v1/SECRET-abcdef0123';
const redact = createRedactor([KEY, undefined, 'short']);
const u = (c: string, upper = false) => {
  const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};

describe('createRedactor', () => {
  it('masks the key as written', () => {
    expect(redact(`Bearer ${KEY} and ${KEY}`)).toBe('Bearer [REDACTED] and [REDACTED]');
    // Values under 6 characters are not treated as secrets.
    expect(redact('a short word')).toBe('a short word');
  });

  it.each([
    ['every character escaped', [...KEY].map((c) => u(c)).join('')],
    ['some characters escaped, upper-case hex', [...KEY].map((c, i) => (i % 3 === 0 ? u(c, true) : c)).join('')],
    ['the slash as \\/', KEY.replace('/', '\\/')],
  ])('masks the key inside JSON text with %s, so the decoded value holds no key', (_, spelled) => {
    const body = `{"message":"echo ${spelled}"}`;
    expect(JSON.parse(body).message).toBe(`echo ${KEY}`);
    const out = redact(body);
    expect(out).toBe('{"message":"echo [REDACTED]"}');
    expect(JSON.parse(out).message).not.toContain(KEY);
  });

  it('leaves other escapes alone', () => {
    expect(redact('{"a":"caf\\u00e9 \\n \\/path"}')).toBe('{"a":"caf\\u00e9 \\n \\/path"}');
  });

  it('redactDeep masks keys in nested values and property names', () => {
    expect(redactDeep({ a: [{ [KEY]: `x${KEY}` }] }, redact)).toEqual({ a: [{ '[REDACTED]': 'x[REDACTED]' }] });
  });
});
