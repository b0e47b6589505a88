import { BYTE, endOfString, endOfValue, keyAt, skipSpace, type MemberSpan } from './json-members.js';

/**
 * JSON.parse for a large request body that never holds the body as one string. V8 puts a
 * string of more than about 128 KB in its large-object space, which maps fresh pages for each
 * one: decoding a 392 KB agent body cost ~360 µs on the 2-core VM the benchmarks run on, seven
 * times the same bytes decoded as 10 KB strings, and more than the parse itself. So an object
 * or array this large is parsed a member or a run of elements at a time, each from a small
 * string of its own, and put together again. The top-level members' byte spans come out of the same pass
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

/** A value shorter than this is decoded and parsed in one go; so is a run of array elements. */
export const WHOLE_BELOW_BYTES = 96 * 1024;
/**
 * Pieces cost a scan and a call each, so many small ones cost more than one whole parse, and a
 * hostile body of millions of one-byte elements would cost seconds. Runs of small elements are
 * parsed together, and a body whose members and elements so far average under this many bytes
 * (after the first 64) is left to the whole parse as soon as that shows.
 */
const MIN_AVERAGE_PIECE_BYTES = 512;
/** Splitting stops this deep: no recursion as deep as a hostile body's nesting. */
const MAX_SPLIT_DEPTH = 4;

const { OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, QUOTE, COLON, COMMA } = BYTE;

interface Input {
  readonly bytes: Buffer;
  readonly wholeBelow: number;
  /** Members and elements looked at so far, and the average size below which pieces are not worth it. */
  scanned: number;
  readonly minAverage: number;
}

/** Thrown when the pieces are too small to be worth it; the caller parses the whole body. */
const TOO_FINE = new Error('too many small pieces');

interface Parsed<T> {
  readonly value: T;
  /** Offset just after the value. */
  readonly end: number;
}

/** The thresholds are for tests, which split finer and turn the budget off (`minAveragePieceBytes: 0`). */
export function parseObjectInPieces(
  bytes: Buffer,
  { wholeBelow = WHOLE_BELOW_BYTES, minAveragePieceBytes = MIN_AVERAGE_PIECE_BYTES } = {},
): ParsedInPieces | null {
  const start = skipSpace(bytes, 0);
  if (bytes[start] !== OPEN_OBJECT) return null;
  const members: MemberSpan[] = [];
  const input: Input = { bytes, wholeBelow, scanned: 0, minAverage: minAveragePieceBytes };
  try {
    const parsed = objectAt(input, start, 0, members);
    return parsed === null || skipSpace(bytes, parsed.end) !== bytes.length ? null : { value: parsed.value, members };
  } catch {
    return null; // a piece JSON.parse refused, or TOO_FINE
  }
}

function valueAt(input: Input, at: number, depth: number): Parsed<unknown> | null {
  const end = endOfValue(input.bytes, at);
  if (end < 0) return null;
  return splits(input, at, end, depth) ? splitValueAt(input, at, end, depth) : { value: parseSpan(input.bytes, at, end), end };
}

/** Whether the value in [at, end) is parsed in pieces: a large object or array, not too deep. */
function splits(input: Input, at: number, end: number, depth: number): boolean {
  const first = input.bytes[at];
  return (first === OPEN_OBJECT || first === OPEN_ARRAY) && end - at >= input.wholeBelow && depth < MAX_SPLIT_DEPTH;
}

function splitValueAt(input: Input, at: number, end: number, depth: number): Parsed<unknown> | null {
  const parsed = input.bytes[at] === OPEN_OBJECT ? objectAt(input, at, depth, null) : arrayAt(input, at, depth);
  return parsed !== null && parsed.end === end ? parsed : null;
}

function parseSpan(bytes: Buffer, start: number, end: number): unknown {
  return JSON.parse(bytes.toString('utf8', start, end));
}

/** One more member or element, starting at `at`: past the first 64, their average size so far must hold up. */
function count(input: Input, at: number): void {
  if (++input.scanned > 64 && at < input.scanned * input.minAverage) throw TOO_FINE;
}

/** `bytes[at]` is '{'. Spans of its members go to `members` when given. */
function objectAt(input: Input, at: number, depth: number, members: MemberSpan[] | null): Parsed<Record<string, unknown>> | null {
  const { bytes } = input;
  const value: Record<string, unknown> = {};
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === CLOSE_OBJECT) return { value, end: i + 1 };
  for (;;) {
    count(input, i);
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

/**
 * `bytes[at]` is '['. A run of small elements is parsed as one array (`[` + their text + `]`),
 * up to the size a whole value may have; a large element is split in turn.
 */
function arrayAt(input: Input, at: number, depth: number): Parsed<unknown[]> | null {
  const { bytes } = input;
  const value: unknown[] = [];
  let run = -1; // where the current run of small elements starts
  let runEnd = -1;
  const flush = () => {
    if (run < 0) return;
    const elements = JSON.parse(`[${bytes.toString('utf8', run, runEnd)}]`) as unknown[];
    for (const element of elements) value.push(element);
    run = -1;
  };
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === CLOSE_ARRAY) return { value, end: i + 1 };
  for (;;) {
    count(input, i);
    const end = endOfValue(bytes, i);
    if (end <= i) return null; // no value here: a trailing comma, or none at all
    if (splits(input, i, end, depth + 1)) {
      flush();
      const element = splitValueAt(input, i, end, depth + 1);
      if (element === null) return null;
      value.push(element.value);
    } else {
      if (run >= 0 && end - run >= input.wholeBelow) flush();
      if (run < 0) run = i;
      runEnd = end;
    }
    i = skipSpace(bytes, end);
    if (bytes[i] === CLOSE_ARRAY) {
      flush();
      return { value, end: i + 1 };
    }
    if (bytes[i] !== COMMA) return null;
    i = skipSpace(bytes, i + 1);
  }
}
