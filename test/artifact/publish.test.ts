import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../support/source-context.js';
import { checkGuardrails } from '../../src/artifact/guardrails.js';
import { shortlistContentHash } from '../../src/artifact/hash.js';
import { loadShortlistFile, parseShortlist } from '../../src/artifact/load.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import type { ShortlistContent } from '../../src/artifact/schema.js';
import { resolveShortlist } from '../../src/artifact/store.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { artifact, BASE_FRONTIER, baseContent, baseEntries, patched } from '../support/diff-fixtures.js';

const SOURCES = {
  'artificial-analysis': { runId: 3, fetchedAt: '2026-08-21T06:00:00.000Z', mode: 'replay' as const },
  'openrouter-models': null,
  'openrouter-endpoints': null,
};
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'pareto-shortlists-'));
const publish = (d: string, content: ShortlistContent, extra: { force?: boolean; dryRun?: boolean; now?: string } = {}) =>
  publishShortlist({
    dir: d,
    content,
    sources: SOURCES,
    force: extra.force ?? false,
    dryRun: extra.dryRun ?? false,
    now: new Date(extra.now ?? '2026-11-28T12:00:00Z'),
  });
const withPrice = (id: string, price: number) =>
  baseContent(patched({ [id]: (e) => ({ ...e, price: { ...e.price, promptPerM: price } }) }));

const error = thrownBy;

describe('canonical JSON and the content hash', () => {
  it('does not depend on key order, and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, z: [3, { q: 1, p: 2 }] }] })).toBe(
      '{"a":[{"y":2,"z":[3,{"p":2,"q":1}]}],"b":1}',
    );
  });

  it('ignores version, createdAt, contentHash and sources, and sees any entry change', () => {
    const a = artifact(baseContent(), { version: 1, createdAt: '2026-01-01T00:00:00.000Z' });
    const b = { ...artifact(baseContent(), { version: 9, createdAt: '2026-02-02T00:00:00.000Z' }), sources: SOURCES };
    expect(shortlistContentHash(a)).toBe(shortlistContentHash(b));
    expect(shortlistContentHash(withPrice('b/beta@default', 1.01))).not.toBe(shortlistContentHash(baseContent()));
  });
});

describe('publishShortlist', () => {
  it('publishes version 1 as <version>.json plus an identical latest.json that loads back', () => {
    const d = dir();
    const result = publish(d, baseContent());
    expect(result).toMatchObject({ published: true, version: 1, reason: 'new', previousVersion: null });
    expect(readdirSync(d).sort()).toEqual(['1.json', 'latest.json']);
    expect(readFileSync(path.join(d, 'latest.json'), 'utf8')).toBe(readFileSync(path.join(d, '1.json'), 'utf8'));
    const loaded = loadShortlistFile(path.join(d, '1.json'));
    expect(loaded).toMatchObject({ version: 1, contentHash: result.contentHash, createdAt: '2026-11-28T12:00:00.000Z', sources: SOURCES });
  });

  it('publishes nothing when the content hash equals the latest (idempotent)', () => {
    const d = dir();
    publish(d, baseContent());
    const before = statSync(path.join(d, 'latest.json')).mtimeMs;
    const again = publish(d, baseContent(), { now: '2026-11-29T00:00:00Z' });
    expect(again).toMatchObject({ published: false, version: 1, reason: 'unchanged', file: null });
    expect(readdirSync(d).sort()).toEqual(['1.json', 'latest.json']);
    expect(statSync(path.join(d, 'latest.json')).mtimeMs).toBe(before);
  });

  it('publishes a change as the next version and never touches the older one', () => {
    const d = dir();
    publish(d, baseContent());
    const v1 = readFileSync(path.join(d, '1.json'));
    const result = publish(d, withPrice('b/beta@default', 1.5));
    expect(result).toMatchObject({ published: true, version: 2, previousVersion: 1 });
    expect(readFileSync(path.join(d, '1.json')).equals(v1)).toBe(true);
    expect(loadShortlistFile(path.join(d, 'latest.json')).version).toBe(2);
    expect(resolveShortlist(d, 'previous').shortlist.version).toBe(1);
  });

  it('writes nothing with dryRun', () => {
    const d = dir();
    expect(publish(d, baseContent(), { dryRun: true })).toMatchObject({ published: false, version: 1, reason: 'dry-run' });
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses an artifact that fails its schema before writing anything', () => {
    const d = dir();
    const broken = { ...baseContent(), attribution: 'someone else' } as unknown as ShortlistContent;
    const e = error(() => publish(d, broken));
    expect(e.code).toBe('schema');
    expect(e.message).toContain('attribution');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('guardrails', () => {
  const previous = artifact(baseContent());
  const keepOnly = (n: number) => baseContent(baseEntries().filter((e, i) => i < n || e.tier === 'low' || e.id === 'e/eps@default'));

  it.each([
    ['nothing wrong', baseContent(), []],
    ['an empty tier', baseContent(baseEntries().filter((e) => e.tier !== 'medium')), ['empty-tier']],
    ['the AA index version changes', { ...baseContent(), field: { ...baseContent().field, indexVersion: 4.3 } }, ['index-version']],
    [
      'the field falls back from AA to OpenRouter',
      { ...baseContent(), field: { ...baseContent().field, source: 'openrouter-benchmarks' as const } },
      ['field-source'],
    ],
  ])('%s', (_, next, codes) => {
    expect(checkGuardrails(previous, next).map((r) => r.code)).toEqual(codes);
  });

  const fromOpenRouter = artifact({
    ...baseContent(),
    field: { ...baseContent().field, source: 'openrouter-benchmarks', indexVersion: null },
  });

  it("moves from OpenRouter's republished indices to AA's own scores without refusing while half of the models stay", () => {
    // 9 models before; keeping 5 and changing every other entry is the expected upgrade.
    const fromAa = baseContent(baseEntries().filter((_, i) => [0, 1, 3, 6, 7].includes(i)));
    expect(checkGuardrails(fromOpenRouter, fromAa)).toEqual([]);
    // 10 before, exactly 5 stay: still allowed.
    const tenBefore = artifact({
      ...baseContent([...baseEntries(), { ...baseEntries()[4]!, id: 'z/zed@default', model: 'z/zed' }]),
      field: fromOpenRouter.field,
    });
    expect(checkGuardrails(tenBefore, baseContent(baseEntries().filter((_, i) => [0, 1, 3, 6, 7].includes(i))))).toEqual([]);
  });

  it('refuses the move to AA when fewer than half of the models stay (field-move-floor), and names the counts', () => {
    // Four of the nine models stay: a broken first AA sync, not a market move.
    const fromAa = baseContent(baseEntries().filter((_, i) => [0, 3, 6, 7].includes(i)));
    const refusals = checkGuardrails(fromOpenRouter, fromAa);
    expect(refusals.map((r) => r.code)).toEqual(['field-move-floor']);
    expect(refusals[0]?.message).toContain('only 4 of the 9 models of version 1 stay');
    // Within one field the same change is the removal guardrail's, not this one.
    expect(checkGuardrails(artifact(baseContent()), fromAa).map((r) => r.code)).toEqual(['mass-removal']);
  });

  it('refuses a field move that keeps too few models without --force, publishes it with --force', () => {
    const d = dir();
    const { version: _v, contentHash: _h, createdAt: _c, sources: _s, ...openRouterContent } = fromOpenRouter;
    publish(d, openRouterContent);
    const kept = baseEntries().filter((_, i) => [0, 3, 6, 7].includes(i));
    const fromAa = baseContent(
      kept,
      BASE_FRONTIER.filter((id) => kept.some((e) => e.id === id)),
    );
    const refused = publish(d, fromAa);
    expect(refused).toMatchObject({ published: false, reason: 'refused', version: 2 });
    expect(refused.refusals.map((r) => r.code)).toEqual(['field-move-floor']);
    expect(readdirSync(d).sort()).toEqual(['1.json', 'latest.json']);
    const forced = publish(d, fromAa, { force: true });
    expect(forced).toMatchObject({ published: true, version: 2 });
    expect(loadShortlistFile(path.join(d, 'latest.json')).field.source).toBe('artificial-analysis');
  });

  it('counts removals by model: the same model at another effort is not gone', () => {
    const otherEfforts = baseContent(
      baseEntries().map((e) => ({ ...e, id: `${e.model}@xhigh`, effort: 'xhigh' })),
      BASE_FRONTIER.map((id) => id.replace(/@.*/, '@xhigh')),
    );
    expect(checkGuardrails(previous, otherEfforts).map((r) => r.code)).toEqual([]);
  });

  it('allows exactly half of the entries to disappear, refuses more', () => {
    // 9 entries before; keeping the first 1 high + e/eps + 2 low keeps 4 (5 gone: more than half).
    expect(checkGuardrails(previous, keepOnly(1)).map((r) => r.code)).toContain('mass-removal');
    const tenBefore = artifact(baseContent([...baseEntries(), { ...baseEntries()[4]!, id: 'z/zed@default', model: 'z/zed' }]));
    // 10 before, 5 kept: exactly half gone is allowed.
    const half = baseContent(
      baseEntries().filter((e) => ['b/beta@default', 'e/eps@default', 'f/phi@low', 'h/eta@default', 'i/iota@default'].includes(e.id)),
    );
    expect(checkGuardrails(tenBefore, half).map((r) => r.code)).toEqual([]);
  });

  it('refuses without --force, publishes with it', () => {
    const d = dir();
    publish(d, baseContent());
    const next = { ...baseContent(), field: { ...baseContent().field, indexVersion: 4.3 } };
    const refused = publish(d, next);
    expect(refused).toMatchObject({ published: false, reason: 'refused', version: 2 });
    expect(refused.refusals[0]?.message).toContain('index version changes from 3 to 4.3');
    expect(readdirSync(d).sort()).toEqual(['1.json', 'latest.json']);
    expect(publish(d, next, { force: true })).toMatchObject({ published: true, version: 2 });
  });
});

describe('loading an artifact', () => {
  const d = dir();
  publish(d, baseContent());
  const good = readFileSync(path.join(d, '1.json'), 'utf8');
  const mutate = (fn: (a: Record<string, any>) => void) => {
    const a = JSON.parse(good) as Record<string, any>;
    fn(a);
    return JSON.stringify(a);
  };

  it.each([
    ['truncated', good.slice(0, good.length / 2), /is truncated/],
    ['not JSON', 'hello', /not valid JSON/],
    ['a tampered price', mutate((a) => (a.tiers.high.entries[0].price.promptPerM = 0.01)), /tampered or corrupted/],
    ['a missing field', mutate((a) => delete a.field), /field/],
    ['an extra key', mutate((a) => (a.extra = 1)), /extra/],
    ['another schema version', mutate((a) => (a.schemaVersion = 2)), /schemaVersion 2; this version of pareto reads schemaVersion 1/],
  ])('rejects %s with a clear error', (_, text, message) => {
    const e = error(() => parseShortlist(text, 'x.json'));
    expect(e.code).toBe('schema');
    expect(e.message).toMatch(message);
  });

  it.each([
    ['an entry in the wrong tier', (c: ShortlistContent) => (c.tiers.high.entries[0]!.tier = 'low'), /says tier "low"/],
    ['entries out of price order', (c: ShortlistContent) => c.tiers.high.entries.reverse(), /price order/],
    ['byThroughput missing an id', (c: ShortlistContent) => c.tiers.medium.byThroughput.pop(), /byThroughput does not list exactly/],
    ['a frontier id in no tier', (c: ShortlistContent) => c.frontier.push('z/ghost@default'), /frontier lists z\/ghost@default/],
  ])('rejects a file with %s, even with a matching hash', (_, breakIt, message) => {
    const content = structuredClone(baseContent());
    breakIt(content);
    const text = JSON.stringify({
      ...content,
      version: 1,
      contentHash: shortlistContentHash(content),
      createdAt: '2026-11-28T00:00:00.000Z',
      sources: SOURCES,
    });
    const e = error(() => parseShortlist(text, 'x.json'));
    expect(e.code).toBe('schema');
    expect(e.message).toMatch(message);
    // And publishing such content is refused before anything is written.
    const d = dir();
    expect(error(() => publish(d, content)).message).toMatch(/inconsistent shortlist/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('says which versions exist for an unknown one, and when there is no previous', () => {
    expect(error(() => resolveShortlist(d, '7')).hint).toBe(`versions in ${d}: 1`);
    expect(error(() => resolveShortlist(d, 'previous')).message).toBe('no shortlist version "previous"');
    expect(error(() => resolveShortlist(dir(), 'latest')).hint).toContain('no published version yet');
    expect(error(() => resolveShortlist(d, path.join(d, 'nope.json'))).message).toContain('ENOENT');
  });

  it('reads a version by number, latest, or path', () => {
    expect(resolveShortlist(d, '1').shortlist.version).toBe(1);
    expect(resolveShortlist(d, 'latest').shortlist.version).toBe(1);
    writeFileSync(path.join(d, 'copy.json'), good);
    expect(resolveShortlist(d, path.join(d, 'copy.json')).shortlist.version).toBe(1);
  });
});
