import { endOfString, endOfValue, keyAt, skipSpace, type MemberSpan } from './json-members.js';

/**
 * JSON.parse for a large request body that never holds the body as one string. V8 puts a
 * string of more than about 128 KB in its large-object space, which maps fresh pages for each
 * one: decoding a 392 KB agent body cost ~360 µs on the 2-core VM the benchmarks run on, seven
 * times the same bytes decoded as 10 KB strings, and more than the parse itself. So an object
 * or array this large is parsed a member or an element at a time, each from a small string of
 * its own, and put together again. The top-level members' byte spans come out of the same pass
 * (the rewrite copies them).
 *
 * The same value as JSON.parse, or null: whenever the bytes are not plainly a valid JSON object,
 * or hold something the piecewise result could build differently (a repeated key, a
 * `__proto__` key), the caller parses the whole text instead, which gives the value or
 * JSON.parse's own error message. Pure.
 */
export interface ParsedInPieces {
  readonly value: Record<string, unknown>;
  readonly members: MemberSpan[];
}

/** A value shorter than this is decoded and parsed in one go. */
export const WHOLE_BELOW_BYTES = 96 * 1024;
/** Splitting stops this deep: no recursion as deep as a hostile body's nesting. */
const MAX_SPLIT_DEPTH = 4;

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;

interface Input {
  readonly bytes: Buffer;
  readonly wholeBelow: number;
}

interface Parsed<T> {
  readonly value: T;
  /** Offset just after the value. */
  readonly end: number;
}

/** `wholeBelow`: values shorter than this are parsed in one go (tests split finer). */
export function parseObjectInPieces(bytes: Buffer, wholeBelow = WHOLE_BELOW_BYTES): ParsedInPieces | null {
  const start = skipSpace(bytes, 0);
  if (bytes[start] !== OPEN_OBJECT) return null;
  const members: MemberSpan[] = [];
  try {
    const parsed = objectAt({ bytes, wholeBelow }, start, 0, members);
    return parsed === null || skipSpace(bytes, parsed.end) !== bytes.length ? null : { value: parsed.value, members };
  } catch {
    return null; // a piece JSON.parse refused
  }
}

function valueAt(input: Input, at: number, depth: number): Parsed<unknown> | null {
  const { bytes } = input;
  const end = endOfValue(bytes, at);
  if (end < 0) return null;
  const first = bytes[at];
  const container = first === OPEN_OBJECT || first === OPEN_ARRAY;
  if (!container || end - at < input.wholeBelow || depth >= MAX_SPLIT_DEPTH)
    return { value: JSON.parse(bytes.toString('utf8', at, end)) as unknown, end };
  const parsed = first === OPEN_OBJECT ? objectAt(input, at, depth, null) : arrayAt(input, at, depth);
  return parsed !== null && parsed.end === end ? parsed : null;
}

/** `bytes[at]` is '{'. Spans of its members go to `members` when given. */
function objectAt(input: Input, at: number, depth: number, members: MemberSpan[] | null): Parsed<Record<string, unknown>> | null {
  const { bytes } = input;
  const value: Record<string, unknown> = {};
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === CLOSE_OBJECT) return { value, end: i + 1 };
  for (;;) {
    if (bytes[i] !== QUOTE) return null;
    const keyEnd = endOfString(bytes, i);
    if (keyEnd < 0) return null;
    const key = keyAt(bytes, i, keyEnd);
    if (key === '__proto__' || Object.hasOwn(value, key)) return null;
    const colon = skipSpace(bytes, keyEnd);
    if (bytes[colon] !== COLON) return null;
    const member = valueAt(input, skipSpace(bytes, colon + 1), depth + 1);
    if (member === null) return null;
    value[key] = member.value;
    members?.push({ key, start: i, end: member.end });
    i = skipSpace(bytes, member.end);
    if (bytes[i] === CLOSE_OBJECT) return { value, end: i + 1 };
    if (bytes[i] !== COMMA) return null;
    i = skipSpace(bytes, i + 1);
  }
}

/** `bytes[at]` is '['. */
function arrayAt(input: Input, at: number, depth: number): Parsed<unknown[]> | null {
  const { bytes } = input;
  const value: unknown[] = [];
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === CLOSE_ARRAY) return { value, end: i + 1 };
  for (;;) {
    const element = valueAt(input, i, depth + 1);
    if (element === null) return null;
    value.push(element.value);
    i = skipSpace(bytes, element.end);
    if (bytes[i] === CLOSE_ARRAY) return { value, end: i + 1 };
    if (bytes[i] !== COMMA) return null;
    i = skipSpace(bytes, i + 1);
  }
}
