/**
 * Where things end in the bytes of a JSON text, so a member can be dropped, replaced or parsed
 * on its own without decoding or serialising the rest. Pure. Works on UTF-8 bytes: every byte
 * of a multi-byte character is ≥ 0x80, so it never looks like a quote, a bracket or a comma, and
 * a span's ends always fall between characters. Long strings are skipped with `indexOf` (memchr), so
 * a 400 KB agent body is scanned in microseconds.
 */
export interface MemberSpan {
  readonly key: string;
  /** Byte offset of the key's opening quote. */
  readonly start: number;
  /** Byte offset just after the value. */
  readonly end: number;
}

/** The bytes of JSON's structure. */
export const BYTE = {
  QUOTE: 0x22,
  BACKSLASH: 0x5c,
  COMMA: 0x2c,
  COLON: 0x3a,
  OPEN_OBJECT: 0x7b,
  CLOSE_OBJECT: 0x7d,
  OPEN_ARRAY: 0x5b,
  CLOSE_ARRAY: 0x5d,
} as const;
const { QUOTE, BACKSLASH, COMMA, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY } = BYTE;

/** JSON's four whitespace bytes, and only those. */
export function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipSpace(bytes: Uint8Array, from: number): number {
  let i = from;
  while (isSpace(bytes[i])) i++;
  return i;
}

/** `bytes[at]` is an opening quote: the offset after its closing quote, or -1 if there is none. */
export function endOfString(bytes: Buffer, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = nextQuote(bytes, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Strings shorter than this are scanned byte by byte; `indexOf` is a native call, worth it past that. */
const SCAN_BYTES = 64;

/** The offset of the next quote from `from`, or -1. */
function nextQuote(bytes: Buffer, from: number): number {
  const stop = Math.min(bytes.length, from + SCAN_BYTES);
  for (let i = from; i < stop; i++) if (bytes[i] === QUOTE) return i;
  return stop === bytes.length ? -1 : bytes.indexOf(QUOTE, stop);
}

/**
 * The offset just after the value that starts at `at`, or -1 if it never ends. Only the extent
 * is found (brackets are counted, not matched): whether the span is valid JSON is JSON.parse's
 * to say.
 */
export function endOfValue(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return endOfString(bytes, at);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let i = at;
    for (let b = bytes[i]; b !== undefined && b !== COMMA && b !== CLOSE_OBJECT && b !== CLOSE_ARRAY && !isSpace(b); b = bytes[++i]);
    return i;
  }
  let depth = 0;
  for (let i = at; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) {
      const after = endOfString(bytes, i);
      if (after < 0) return -1;
      i = after - 1;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
    else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  return -1;
}

/** The key of a member whose opening quote is at `at` and whose key string ends before `end`. */
export function keyAt(bytes: Buffer, at: number, end: number): string {
  // Keys are nearly always printable ASCII without escapes: those are read as they are, which
  // costs a fraction of a JSON.parse call each. Anything else is JSON.parse's to decode (or refuse).
  for (let i = at + 1; i < end - 1; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e || b === BACKSLASH) return JSON.parse(bytes.toString('utf8', at, end)) as string;
  }
  return bytes.toString('latin1', at + 1, end - 1);
}

/**
 * The top-level members of a JSON object, as byte spans. The bytes must already have passed
 * JSON.parse: the scan trusts their structure and only finds where things end.
 */
export function topLevelMembers(bytes: Buffer): MemberSpan[] {
  const members: MemberSpan[] = [];
  let i = skipSpace(bytes, 0) + 1; // past '{'
  for (;;) {
    i = skipSpace(bytes, i);
    if (bytes[i] === CLOSE_OBJECT || i >= bytes.length) return members;
    const start = i;
    const keyEnd = endOfString(bytes, i);
    const key = keyAt(bytes, i, keyEnd);
    i = skipSpace(bytes, skipSpace(bytes, keyEnd) + 1); // past ':'
    const end = endOfValue(bytes, i);
    members.push({ key, start, end });
    i = skipSpace(bytes, end);
    if (bytes[i] === COMMA) i++;
  }
}
