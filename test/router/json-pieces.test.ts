import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelMembers } from '../../src/router/json-members.js';
import { parseObjectInPieces, WHOLE_BELOW_BYTES } from '../../src/router/json-pieces.js';
import { parseJsonObject } from '../../src/router/request-body.js';

/** JSON.parse's answer for the bytes: the value, or that it throws. */
function reference(bytes: Buffer): { value: unknown } | 'throws' {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return 'throws';
  }
}

/** A "__proto__" member anywhere: the piecewise parse leaves such a body to the whole parse. */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.hasOwn(value, '__proto__') || Object.values(value).some(hasProtoKey);
}

/** Any JSON object, any spacing, keys and strings over all of Unicode (escapes, lone surrogates). */
const objects = fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 4 }));
const layouts = fc.constantFrom(undefined, 2, '\t', ' \r\n ');

describe('parsing a large body in pieces', () => {
  it('gives what JSON.parse gives for any object, with the same member spans as the plain scan', () => {
    fc.assert(
      fc.property(objects, layouts, fc.integer({ min: 1, max: 64 }), (object, space, wholeBelow) => {
        const bytes = Buffer.from(` ${JSON.stringify(object, null, space)}\n`);
        const parsed = parseObjectInPieces(bytes, { wholeBelow, minAveragePieceBytes: 0 });
        if (hasProtoKey(object)) {
          // A split object with such a key is left to the whole parse; a run of elements is JSON.parse's own.
          if (parsed !== null) expect(parsed.value).toStrictEqual(JSON.parse(bytes.toString()));
        } else {
          expect(parsed).not.toBeNull();
          expect(parsed!.value).toStrictEqual(JSON.parse(bytes.toString()));
          expect(parsed!.members).toEqual(topLevelMembers(bytes));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never accepts what JSON.parse refuses, nor answers differently, whatever byte is cut, added or changed', () => {
    const edits = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace'),
      byte: fc.oneof(fc.constantFrom(...Buffer.from('{}[]",:\\ \n0e-.tfnu')), fc.integer({ min: 0, max: 255 })),
    });
    fc.assert(
      fc.property(
        objects,
        layouts,
        fc.array(edits, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 32 }),
        (object, space, changes, wholeBelow) => {
          let bytes = Buffer.from(JSON.stringify(object, null, space));
          for (const { at, kind, byte } of changes) {
            const i = at % (bytes.length + 1);
            const tail = bytes.subarray(kind === 'insert' ? i : i + 1);
            bytes = Buffer.concat([bytes.subarray(0, i), kind === 'delete' ? Buffer.alloc(0) : Buffer.from([byte]), tail]);
          }
          const parsed = parseObjectInPieces(bytes, { wholeBelow, minAveragePieceBytes: 0 });
          const expected = reference(bytes);
          if (expected === 'throws') expect(parsed).toBeNull();
          else if (parsed !== null) expect(parsed.value).toStrictEqual(expected.value);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('agrees with JSON.parse on every one-byte change of a body that has every kind of JSON in it', () => {
    const text = ' {"a" : [ 1, -2.5e+3 ,true,false,null, "s\\"\\\\\\u00e9" ,[],{}] ,\n"b":{"c":{"d":[{"e":"]}"}]}},"f":""}\t';
    const base = Buffer.from(text);
    expect(JSON.parse(text)).toBeTypeOf('object');
    let accepted = 0;
    for (let at = 0; at <= base.length; at++)
      for (const edit of ['delete', 'insert', 'replace'] as const)
        for (let byte = 0; byte < (edit === 'delete' ? 1 : 256); byte++) {
          const changed = Buffer.from(base.subarray(0, at));
          const bytes = Buffer.concat([
            changed,
            edit === 'delete' ? Buffer.alloc(0) : Buffer.from([byte]),
            base.subarray(edit === 'insert' ? at : at + 1),
          ]);
          const parsed = parseObjectInPieces(bytes, { wholeBelow: 1, minAveragePieceBytes: 0 });
          const expected = reference(bytes);
          if (expected === 'throws') expect(parsed, bytes.toString('latin1')).toBeNull();
          else if (parsed !== null) {
            accepted++;
            expect(parsed.value, bytes.toString('latin1')).toStrictEqual(expected.value);
          }
        }
    expect(accepted).toBeGreaterThan(1000); // the changes JSON.parse takes (a digit, a letter in a string) are taken too
  });

  it('leaves repeated keys, __proto__, non-objects and trailing garbage to the whole parse', () => {
    const split = (text: string) => parseObjectInPieces(Buffer.from(text), { wholeBelow: 1, minAveragePieceBytes: 0 });
    expect(split('{"a":1,"b":[1,2],"a":3}')).toBeNull();
    expect(split('{"__proto__":{"x":1}}')).toBeNull();
    expect(split('[1,2]')).toBeNull();
    expect(split('{"a":1} x')).toBeNull();
    expect(split('\ufeff{"a":1}')).toBeNull();
    expect(split('{"a":[1,2,]}')).toBeNull();
    expect(split('{"a":1,}')).toBeNull();
    expect(split('{"a" 1}')).toBeNull();
    expect(split('{"a":"\\"}')).toBeNull();
    expect(split(' {"a" : [ {"b" :"}]\\\\"} , 2 ] } ')?.value).toEqual({ a: [{ b: '}]\\' }, 2] });
  });

  it('parses runs of small elements together, and leaves a body of many tiny pieces to the whole parse', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 3 ? { role: 'user', content: `m${i}` } : i));
    const bytes = Buffer.from(JSON.stringify({ a: values, b: [[1, 2], 'x'] }));
    for (const wholeBelow of [1, 40, 200, 10_000])
      expect(parseObjectInPieces(bytes, { wholeBelow, minAveragePieceBytes: 0 })?.value).toStrictEqual(JSON.parse(bytes.toString()));
    // 300 elements in ~7 KB average under 512 bytes each: not worth pieces.
    expect(parseObjectInPieces(bytes, { wholeBelow: 1 })).toBeNull();
    const tiny = Buffer.from(`{"messages":[${Array(400_000).fill('1').join(',')}]}`);
    expect(parseObjectInPieces(tiny)).toBeNull();
    const parsed = parseJsonObject(tiny);
    expect(parsed.ok && (parsed.value.messages as number[]).length).toBe(400_000);
  });

  it('decodes invalid UTF-8 as the whole text would (each bad sequence one U+FFFD)', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":["'), Buffer.from([0xc3, 0x28, 0xff, 0xe2, 0x82]), Buffer.from('",2],"b":"\u00e9"}')]);
    expect(parseObjectInPieces(bytes, { wholeBelow: 1, minAveragePieceBytes: 0 })?.value).toStrictEqual(JSON.parse(bytes.toString()));
  });

  it('does not recurse as deep as a hostile body nests', () => {
    const deep = Buffer.from(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(() => parseObjectInPieces(deep, { wholeBelow: 1, minAveragePieceBytes: 0 })).not.toThrow();
  });
});

describe('the router body parse', () => {
  const agentBody = (content: string) =>
    JSON.stringify({
      model: 'pareto-code',
      messages: Array.from({ length: 30 }, (_, i) => ({
        role: i % 2 ? 'assistant' : 'user',
        content: `${content} ${i}`.padEnd(5_000, '.'),
      })),
      plugins: [{ id: 'pareto-router', min_coding_score: 0.5 }],
    });

  it('parses a large body in pieces: the value and byte spans of a whole parse, non-ASCII included', () => {
    for (const text of [agentBody('plain'), agentBody('ä€😀 "quoted" \\ \n')]) {
      const bytes = Buffer.from(text);
      expect(bytes.length).toBeGreaterThan(WHOLE_BELOW_BYTES);
      expect(parseObjectInPieces(bytes)).not.toBeNull(); // the path parseJsonObject takes
      const parsed = parseJsonObject(bytes);
      expect(parsed.ok && parsed.value).toStrictEqual(JSON.parse(text));
      expect(parsed.ok && parsed.members).toEqual(topLevelMembers(bytes));
    }
  });

  it('refuses a broken large body with the message JSON.parse gives for the whole text', () => {
    const text = agentBody('x').replace('"role":"assistant"', '"role":"assistant",,');
    let message = '';
    try {
      JSON.parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    const parsed = parseJsonObject(Buffer.from(text));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.status).toBe(400);
    expect(!parsed.ok && parsed.error.body.error.message).toContain(message);
  });
});
