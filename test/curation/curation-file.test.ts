import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EFFORTS } from '../../src/curation/match/effort.js';
import { parseCurationFile, TIERS } from '../../src/curation/curation-file.js';
import { isParetoError, ParetoError } from '../../src/errors.js';
import { formatJsonPath, parseLocatedJson } from '../../src/util/json-locate.js';
import { packageRoot } from '../../src/util/package-root.js';
import { loadAaRecords } from '../support/match-records.js';
import { loadCurationFile } from '../../src/pipeline/curation-files.js';

const ORIGIN = 'data/curation.json';
const ID = '16149b9c-a1e9-4669-a5cb-ff3c00d78f89';

/** The ParetoError message for `lines` (one array item per line, so line numbers are visible). */
function problemsOf(lines: readonly string[]): string {
  try {
    parseCurationFile(lines.join('\n'), ORIGIN);
  } catch (error) {
    expect(isParetoError(error, 'config'), String(error)).toBe(true);
    return (error as ParetoError).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('the checked-in curation file', () => {
  const file = loadCurationFile(path.join(packageRoot(), 'data', 'curation.json'));

  it('is valid and keys its aliases by AA ids that exist, with matching names', () => {
    expect(file.version).toBe(1);
    expect(file.aliases.length).toBeGreaterThan(0);
    const rows = new Map(loadAaRecords('aa_llms_models_2026-08-21').map((row) => [row.aaId, row]));
    for (const alias of file.aliases) {
      expect(alias.aaId, alias.reason).toBeDefined();
      const row = rows.get(alias.aaId as string);
      expect(row, `${alias.aaId} (${alias.aaName})`).toBeDefined();
      expect(row?.name).toBe(alias.aaName);
    }
  });

  it('agrees with its JSON Schema on the vocabularies', () => {
    const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'data', 'curation.schema.json'), 'utf8'));
    expect(schema.$defs.effort.enum).toEqual([...EFFORTS, null]);
    expect(schema.$defs.pin.properties.tier.enum).toEqual([...TIERS]);
    expect(schema.properties.version.const).toBe(1);
  });
});

describe('parseCurationFile', () => {
  it('accepts a minimal file and fills the lists', () => {
    expect(parseCurationFile('{ "version": 1 }', ORIGIN)).toEqual({ version: 1, aliases: [], pins: [], exclusions: [] });
  });

  it('accepts every part of the format', () => {
    const file = parseCurationFile(
      JSON.stringify({
        version: 1,
        aliases: [
          { aaId: ID, aaName: 'gpt-oss-20b (low)', model: 'openai/gpt-oss-20b', effort: 'low', reason: 'same model' },
          { aaSlug: 'kimi-k3', model: 'moonshotai/kimi-k3', effort: null, reason: 'by slug' },
        ],
        pins: [{ model: 'openai/gpt-5.5', effort: 'high', tier: 'high', reason: 'house favourite' }],
        exclusions: [
          { model: 'x-ai/grok-4.6', reason: 'not allowed here' },
          { model: 'openai/gpt-5.5', effort: 'low', reason: 'too weak' },
        ],
      }),
      ORIGIN,
    );
    expect(file.aliases).toHaveLength(2);
    expect(file.exclusions[0]?.effort).toBeUndefined();
  });

  it('names the file, the line and the field of a missing reason', () => {
    const message = problemsOf([
      '{', //                                                          1
      '  "version": 1,', //                                            2
      '  "aliases": [', //                                             3
      `    { "aaId": "${ID}", "model": "a/b", "effort": null, "reason": "ok" },`, // 4
      '    { "aaSlug": "x", "model": "a/c", "effort": null, "reason": "ok" },', //  5
      '    {', //                                                      6
      '      "aaSlug": "y",', //                                       7
      '      "model": "a/d",', //                                      8
      '      "effort": null', //                                       9
      '    }', //                                                      10
      '  ]', //                                                        11
      '}', //                                                          12
    ]);
    expect(message).toContain('data/curation.json:6: aliases[2].reason: required');
  });

  it('reports broken JSON with line and column', () => {
    const message = problemsOf(['{', '  "version": 1,', '  "aliases": [', '    { "aaSlug": "x", }', '  ]', '}']);
    expect(message).toBe('data/curation.json:4:22: not valid JSON: expected a "quoted" key');
  });

  it('rejects two aliases for one AA row, an unknown tier, an empty reason and a model without author, all at once', () => {
    const message = problemsOf([
      '{',
      '  "version": 1,',
      '  "aliases": [',
      `    { "aaId": "${ID}", "model": "a/b", "effort": null, "reason": "first" },`,
      `    { "aaId": "${ID.toUpperCase()}", "model": "a/c", "effort": null, "reason": "second" }`,
      '  ],',
      '  "pins": [',
      '    { "model": "a/b", "effort": null, "tier": "top", "reason": "x" },',
      '    { "model": "gpt-5", "effort": null, "tier": "low", "reason": "   " }',
      '  ]',
      '}',
    ]);
    expect(message).toContain(`data/curation.json:8: pins[0].tier: unknown tier "top" (expected high, medium or low)`);
    expect(message).toContain('data/curation.json:9: pins[1].model: needs an author: "author/slug"');
    expect(message).toContain('data/curation.json:9: pins[1].reason: must not be empty');
    expect(message).toMatch(/has 3 problems/);
    // Cross-entry rules run once each entry is well-formed.
    const duplicate = problemsOf([
      '{',
      '  "version": 1,',
      '  "aliases": [',
      `    { "aaId": "${ID}", "model": "a/b", "effort": null, "reason": "first" },`,
      `    { "aaId": "${ID.toUpperCase()}", "model": "a/c", "effort": null, "reason": "second" }`,
      '  ]',
      '}',
    ]);
    expect(duplicate).toContain(
      `data/curation.json:5: aliases[1]: a second alias for the AA row with aaId ${ID} (the first is aliases[0])`,
    );
  });

  it.each([
    [
      'both aaId and aaSlug',
      `{ "aaId": "${ID}", "aaSlug": "x", "model": "a/b", "effort": null, "reason": "r" }`,
      'aliases[0]: needs exactly one of aaId',
    ],
    ['neither aaId nor aaSlug', '{ "model": "a/b", "effort": null, "reason": "r" }', 'aliases[0]: needs exactly one of aaId'],
    [
      'an aaId that is not a UUID',
      '{ "aaId": "gpt-5", "model": "a/b", "effort": null, "reason": "r" }',
      'aliases[0].aaId: must be an AA row id (a UUID)',
    ],
    ['a missing effort', '{ "aaSlug": "x", "model": "a/b", "reason": "r" }', 'aliases[0].effort: required (null for the model default)'],
    [
      'an unknown effort',
      '{ "aaSlug": "x", "model": "a/b", "effort": "extreme", "reason": "r" }',
      'aliases[0].effort: unknown effort "extreme"',
    ],
    ['a :variant id', '{ "aaSlug": "x", "model": "a/b:free", "effort": null, "reason": "r" }', 'aliases[0].model: a :variant id'],
    [
      'an upper-case id',
      '{ "aaSlug": "x", "model": "Anthropic/Claude", "effort": null, "reason": "r" }',
      'aliases[0].model: must be a lower-case OpenRouter id',
    ],
    ['an unknown field', '{ "aaSlug": "x", "model": "a/b", "effort": null, "reason": "r", "note": "?" }', 'aliases[0].note: unknown field'],
  ])('rejects %s', (_label, alias, expected) => {
    expect(problemsOf(['{', '  "version": 1,', `  "aliases": [${alias}]`, '}'])).toContain(`data/curation.json:3: ${expected}`);
  });

  it('rejects an unsupported version, a duplicate key and a pinned-and-excluded entry', () => {
    expect(problemsOf(['{ "version": 2 }'])).toContain('data/curation.json:1: version: unsupported version 2');
    expect(problemsOf(['{', '  "version": 1,', '  "version": 1', '}'])).toContain(
      'data/curation.json:3: version: appears twice in this object',
    );
    const clash = problemsOf([
      '{',
      '  "version": 1,',
      '  "pins": [{ "model": "a/b", "effort": "high", "tier": "high", "reason": "r" }],',
      '  "exclusions": [{ "model": "a/b", "reason": "r" }]',
      '}',
    ]);
    expect(clash).toContain('data/curation.json:4: exclusions[0]: excludes a/b, which pins[0] pins');
  });
});

describe('json-locate', () => {
  it('locates values and members by path, and falls back to the nearest ancestor', () => {
    const located = parseLocatedJson(['{', '  "a": [', '    1,', '    { "b": "x" }', '  ]', '}'].join('\n'));
    expect(located.value).toEqual({ a: [1, { b: 'x' }] });
    expect(located.positionOf(['a', 0])).toEqual({ line: 3, column: 5 });
    expect(located.positionOf(['a', 1, 'b'])).toEqual({ line: 4, column: 7 });
    expect(located.positionOf(['a', 1, 'missing'])).toEqual({ line: 4, column: 5 });
    expect(formatJsonPath(['aliases', 2, 'reason'])).toBe('aliases[2].reason');
    expect(formatJsonPath(['odd key', 0])).toBe('["odd key"][0]');
  });

  it('parses what JSON.parse parses', () => {
    const text = '{"s":"a\\"b\\u00e9\\n","n":-1.5e3,"t":true,"f":false,"z":null,"e":[],"o":{}}';
    expect(parseLocatedJson(text).value).toEqual(JSON.parse(text));
    expect(parseLocatedJson('\uFEFF[1]').value).toEqual([1]);
  });

  it.each([
    ['{"a":1,}', 1, 8],
    ['[1 2]', 1, 4],
    ['{"a":1}\n  x', 2, 3],
    ['{"a":\n', 2, 1],
    ['"unterminated', 1, 1],
  ])('reports %j at line %i column %i', (text, line, column) => {
    expect(() => parseLocatedJson(text)).toThrow(`at line ${line} column ${column}`);
  });
});
