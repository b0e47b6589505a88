import { BYTE, endOfString, isSpace, skipSpace } from './json-members.js';

/**
 * What stickiness needs of a JSON answer, the provider that served it and the prompt tokens it
 * read from cache, found in its bytes without parsing it. A whole JSON.parse of even a short
 * answer was the largest single piece of the router's own work per request, and an answer's
 * completion can run to many kilobytes that nothing here needs.
 *
 * OpenRouter sends them as the top-level `provider` and as `usage.prompt_tokens_details.cached_tokens`,
 * and no other member of a chat completion has either name. So each is looked for as a key of
 * that name anywhere: a quote that opens a string (not an escaped one), the name, a quote, a
 * colon. Inside a string a quote is always escaped, so completion text, tool-call arguments
 * and string values never match. Found once with a plain value, that is the value. Whenever the
 * bytes leave any doubt (the key twice, a value with escapes, a number that is not a plain
 * integer) the answer is null and the caller parses the whole answer instead. The caller must
 * also have ruled out `\u` escapes, which could spell a key differently. Pure.
 */
export interface AnswerFields {
  readonly provider: string | null;
  readonly cachedTokens: number | null;
}

const PROVIDER = Buffer.from('"provider"');
const CACHED_TOKENS = Buffer.from('"cached_tokens"');

export function answerFields(bytes: Buffer): AnswerFields | null {
  const provider = onlyValue(bytes, PROVIDER);
  if (provider === null) return null;
  const cached = onlyValue(bytes, CACHED_TOKENS);
  if (cached === null) return null;
  let providerName: string | null = null;
  if (provider !== ABSENT && bytes[provider] === BYTE.QUOTE) {
    const end = endOfString(bytes, provider);
    if (end < 0 || bytes.subarray(provider + 1, end - 1).includes(BYTE.BACKSLASH)) return null;
    providerName = end - provider > 2 ? bytes.toString('utf8', provider + 1, end - 1) : null;
  } else if (provider !== ABSENT && !isJsonScalarStart(bytes[provider])) return null;
  let cachedTokens: number | null = null;
  if (cached !== ABSENT && bytes[cached]! >= 0x30 && bytes[cached]! <= 0x39) {
    let n = 0;
    let i = cached;
    for (; bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) n = n * 10 + bytes[i]! - 0x30;
    const next = bytes[i];
    // A fraction, an exponent or a leading zero: JSON.parse's to read.
    if (next === 0x2e || next === 0x65 || next === 0x45 || (bytes[cached] === 0x30 && i - cached > 1) || i - cached > 15) return null;
    cachedTokens = n;
  } else if (cached !== ABSENT && (bytes[cached] === 0x2d || !isJsonScalarStart(bytes[cached]))) return null; // a negative count is JSON.parse's too
  return { provider: providerName, cachedTokens };
}

const ABSENT = -1;

/**
 * The offset of the value of the one key `quoted` in bytes, ABSENT if there is no such key, or
 * null if there is more than one.
 */
function onlyValue(bytes: Buffer, quoted: Buffer): number | null {
  let value = ABSENT;
  for (let at = bytes.indexOf(quoted); at >= 0; at = bytes.indexOf(quoted, at + 1)) {
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BYTE.BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) continue; // an escaped quote inside a string, not a string's start
    const colon = skipSpace(bytes, at + quoted.length);
    if (bytes[colon] !== BYTE.COLON) continue; // a string value that reads the same, not a key
    if (value !== ABSENT) return null;
    value = skipSpace(bytes, colon + 1);
  }
  return value;
}

/** null, true, false, an object or an array (and, for a name, a number): a value that is no string. */
function isJsonScalarStart(byte: number | undefined): boolean {
  return byte !== undefined && !isSpace(byte) && byte !== BYTE.QUOTE;
}
