import { describe, expect, it } from 'vitest';
import { diffShortlists, type DiffOptions, type ShortlistDiff } from '../../src/artifact/diff.js';
import { renderDiffMarkdown } from '../../src/artifact/diff-render-markdown.js';
import { renderDiffText } from '../../src/artifact/diff-render-text.js';
import { tierChains } from '../../src/artifact/chains.js';
import type { Entry, Shortlist } from '../../src/artifact/schema.js';
import { artifact, baseContent, baseEntries, BASE_FRONTIER, entry, patched } from '../support/diff-fixtures.js';

type Reported = Exclude<keyof ShortlistDiff, 'from' | 'to' | 'equal'>;
const REPORTED: Reported[] = [
  'entriesAdded',
  'entriesRemoved',
  'tierMoves',
  'percentileMoves',
  'priceChanges',
  'throughputChanges',
  'availabilityChanges',
  'frontierChanges',
  'primaryChanges',
  'fieldChanges',
  'ruleChanges',
  'exclusionChanges',
  'unmatchedChanges',
  'otherEntryChanges',
];

const base = artifact();
const next = (entries: Entry[], meta = { version: 2 }) => artifact(baseContent(entries), meta);
const set =
  <K extends keyof Entry>(key: K, value: Entry[K]) =>
  (e: Entry): Entry => ({ ...e, [key]: value });
const withPrice =
  (price: number | null) =>
  (e: Entry): Entry => ({ ...e, price: { ...e.price, promptPerM: price } });
const withP50 =
  (p50: number | null) =>
  (e: Entry): Entry => ({ ...e, throughput: { ...e.throughput, p50 } });
const drop = () => null;

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.values(value as object).every(isEmpty);
}

interface Case {
  readonly name: string;
  readonly b: () => Shortlist;
  readonly options?: DiffOptions;
  /** The reported keys that must be non-empty, with their expected values; every other key must be empty. */
  readonly expected: Partial<Pick<ShortlistDiff, Reported>>;
}

const cases: Case[] = [
  { name: 'identical artifacts', b: () => artifact(), expected: {} },
  {
    name: 'a change no other list itemises (coding index, pin) is still reported',
    b: () => next(patched({ 'a/alpha@high': (e) => ({ ...e, codingIndex: e.codingIndex + 1, pinned: { reason: 'house evals' } }) })),
    expected: { otherEntryChanges: [{ id: 'a/alpha@high', tier: 'high', keys: ['codingIndex', 'pinned'] }] },
  },
  {
    name: 'only version, createdAt, sources and a wrong hash differ',
    b: () => ({
      ...artifact(baseContent(), { version: 7, createdAt: '2026-09-01T00:00:00.000Z' }),
      contentHash: 'f'.repeat(64),
      sources: { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null },
    }),
    expected: {},
  },
  {
    name: 'an entry added (behind every chain)',
    b: () => next([...baseEntries(), entry('j/jay', 'medium', { percentile: 72, price: 0.9, p50: null })]),
    expected: {
      entriesAdded: { high: [], medium: [{ id: 'j/jay@default', model: 'j/jay', effort: null, percentile: 72, price: 0.9 }], low: [] },
    },
  },
  {
    name: 'an entry removed: the next one joins the fallbacks',
    b: () => next(patched({ 'a/alpha@high': drop })),
    expected: {
      entriesRemoved: { high: [{ id: 'a/alpha@high', model: 'a/alpha', effort: 'high', percentile: 97, price: 3 }], medium: [], low: [] },
      primaryChanges: [
        {
          tier: 'high',
          variant: 'default',
          from: { primary: 'b/beta@default', fallbacks: ['c/gamma@max', 'a/alpha@high'] },
          to: { primary: 'b/beta@default', fallbacks: ['c/gamma@max', 'd/delta@high'] },
        },
      ],
    },
  },
  {
    name: 'an entry moved between tiers is a move, not add + remove',
    b: () => next(patched({ 'f/phi@low': set('tier', 'high') })),
    expected: {
      tierMoves: [{ id: 'f/phi@low', from: 'medium', to: 'high' }],
      primaryChanges: [
        {
          tier: 'high',
          variant: 'default',
          from: { primary: 'b/beta@default', fallbacks: ['c/gamma@max', 'a/alpha@high'] },
          to: { primary: 'f/phi@low', fallbacks: ['b/beta@default', 'c/gamma@max'] },
        },
        {
          tier: 'medium',
          variant: 'default',
          from: { primary: 'g/gee@default', fallbacks: ['f/phi@low', 'e/eps@default'] },
          to: { primary: 'g/gee@default', fallbacks: ['e/eps@default'] },
        },
        {
          tier: 'medium',
          variant: 'nitro',
          from: { primary: 'e/eps@default', fallbacks: ['f/phi@low', 'g/gee@default'] },
          to: { primary: 'e/eps@default', fallbacks: ['g/gee@default'] },
        },
      ],
    },
  },
  {
    name: 'percentile moves, ordered by tier then id',
    b: () =>
      next(
        patched({ 'h/eta@default': set('percentile', 45), 'c/gamma@max': set('percentile', 94), 'a/alpha@high': set('percentile', 96) }),
      ),
    expected: {
      percentileMoves: [
        { id: 'a/alpha@high', tier: 'high', from: 97, to: 96 },
        { id: 'c/gamma@max', tier: 'high', from: 92, to: 94 },
        { id: 'h/eta@default', tier: 'low', from: 40, to: 45 },
      ],
    },
  },
  { name: 'price +4% (under the 5% threshold)', b: () => next(patched({ 'b/beta@default': withPrice(1.04) })), expected: {} },
  { name: 'price +5% exactly (not beyond)', b: () => next(patched({ 'b/beta@default': withPrice(1.05) })), expected: {} },
  {
    name: 'price +6% (over)',
    b: () => next(patched({ 'b/beta@default': withPrice(1.06) })),
    expected: { priceChanges: [{ id: 'b/beta@default', tier: 'high', from: 1, to: 1.06, pct: 6 }] },
  },
  {
    name: 'price -6% (over)',
    b: () => next(patched({ 'b/beta@default': withPrice(0.94) })),
    expected: { priceChanges: [{ id: 'b/beta@default', tier: 'high', from: 1, to: 0.94, pct: -6 }] },
  },
  {
    name: 'price +4% with a 1% threshold',
    b: () => next(patched({ 'b/beta@default': withPrice(1.04) })),
    options: { priceChangePct: 1 },
    expected: { priceChanges: [{ id: 'b/beta@default', tier: 'high', from: 1, to: 1.04, pct: 4 }] },
  },
  {
    name: 'price null → number and number → null',
    b: () => next(patched({ 'i/iota@default': withPrice(0.5), 'e/eps@default': withPrice(null) })),
    expected: {
      priceChanges: [
        { id: 'e/eps@default', tier: 'medium', from: 0.5, to: null, pct: null },
        { id: 'i/iota@default', tier: 'low', from: null, to: 0.5, pct: null },
      ],
    },
  },
  { name: 'throughput -10% (under 20%)', b: () => next(patched({ 'a/alpha@high': withP50(45) })), expected: {} },
  {
    name: 'throughput -40% and unknown → known',
    b: () => next(patched({ 'a/alpha@high': withP50(30), 'g/gee@default': withP50(20) })),
    expected: {
      throughputChanges: [
        { id: 'a/alpha@high', tier: 'high', from: 50, to: 30, pct: -40 },
        { id: 'g/gee@default', tier: 'medium', from: null, to: 20, pct: null },
      ],
    },
  },
  {
    name: 'the cheapest goes unavailable: default primary and nitro fallbacks change',
    b: () => next(patched({ 'b/beta@default': set('available', false) })),
    expected: {
      availabilityChanges: [{ id: 'b/beta@default', tier: 'high', from: true, to: false }],
      primaryChanges: [
        {
          tier: 'high',
          variant: 'default',
          from: { primary: 'b/beta@default', fallbacks: ['c/gamma@max', 'a/alpha@high'] },
          to: { primary: 'c/gamma@max', fallbacks: ['a/alpha@high', 'd/delta@high'] },
        },
        {
          tier: 'high',
          variant: 'nitro',
          from: { primary: 'd/delta@high', fallbacks: ['b/beta@default', 'c/gamma@max'] },
          to: { primary: 'd/delta@high', fallbacks: ['c/gamma@max', 'a/alpha@high'] },
        },
      ],
    },
  },
  {
    name: 'the fastest goes unavailable: only the nitro primary changes',
    b: () => next(patched({ 'd/delta@high': set('available', false) })),
    expected: {
      availabilityChanges: [{ id: 'd/delta@high', tier: 'high', from: true, to: false }],
      primaryChanges: [
        {
          tier: 'high',
          variant: 'nitro',
          from: { primary: 'd/delta@high', fallbacks: ['b/beta@default', 'c/gamma@max'] },
          to: { primary: 'b/beta@default', fallbacks: ['c/gamma@max', 'a/alpha@high'] },
        },
      ],
    },
  },
  {
    name: 'a whole tier unavailable: no primary',
    b: () => next(patched({ 'h/eta@default': set('available', false), 'i/iota@default': set('available', false) })),
    expected: {
      availabilityChanges: [
        { id: 'h/eta@default', tier: 'low', from: true, to: false },
        { id: 'i/iota@default', tier: 'low', from: true, to: false },
      ],
      primaryChanges: [
        {
          tier: 'low',
          variant: 'default',
          from: { primary: 'h/eta@default', fallbacks: ['i/iota@default'] },
          to: { primary: null, fallbacks: [] },
        },
        {
          tier: 'low',
          variant: 'nitro',
          from: { primary: 'h/eta@default', fallbacks: ['i/iota@default'] },
          to: { primary: null, fallbacks: [] },
        },
      ],
    },
  },
  {
    name: 'frontier change',
    b: () =>
      artifact(baseContent(baseEntries(), [...BASE_FRONTIER.filter((id) => id !== 'a/alpha@high'), 'g/gee@default']), { version: 2 }),
    expected: { frontierChanges: { added: ['g/gee@default'], removed: ['a/alpha@high'] } },
  },
  {
    name: 'AA index version and field size change',
    b: () => artifact({ ...baseContent(), field: { ...baseContent().field, indexVersion: 4, size: 42 } }, { version: 2 }),
    expected: {
      fieldChanges: [
        { key: 'size', from: 40, to: 42 },
        { key: 'indexVersion', from: 3, to: 4 },
      ],
    },
  },
  {
    name: 'rule changes, by dotted key',
    b: () => {
      const c = baseContent();
      return artifact(
        {
          ...c,
          rules: {
            ...c.rules,
            tierBands: { ...c.rules.tierBands, high: 85 },
            scoreThresholds: { high: 0.66, medium: 0.3 },
            percentile: 'new rule',
          },
        },
        { version: 2 },
      );
    },
    expected: {
      ruleChanges: [
        { key: 'percentile', from: 'percentile rule', to: 'new rule' },
        { key: 'scoreThresholds.medium', from: 0.33, to: 0.3 },
        { key: 'tierBands.high', from: 90, to: 85 },
      ],
    },
  },
  {
    name: 'exclusions: one added, one whose reason changed',
    b: () =>
      artifact(
        {
          ...baseContent(),
          exclusions: [
            { model: 'y/why', effort: 'high', reason: 'unstable' },
            { model: 'x/excluded', effort: null, reason: 'no tools' },
          ],
        },
        { version: 2 },
      ),
    expected: {
      exclusionChanges: {
        added: [
          { model: 'x/excluded', effort: null, reason: 'no tools' },
          { model: 'y/why', effort: 'high', reason: 'unstable' },
        ],
        removed: [{ model: 'x/excluded', effort: null, reason: 'no tool calling' }],
      },
    },
  },
  {
    name: 'unmatched: one resolved, one new',
    b: () =>
      artifact(
        {
          ...baseContent(),
          unmatched: [
            { aaId: 'aa-u2', aaSlug: 'u2', aaName: 'Two', percentile: 93, status: 'proposed', proposed: 'z/two', reason: 'token match' },
          ],
        },
        { version: 2 },
      ),
    expected: {
      unmatchedChanges: {
        added: [
          { aaId: 'aa-u2', aaSlug: 'u2', aaName: 'Two', percentile: 93, status: 'proposed', proposed: 'z/two', reason: 'token match' },
        ],
        removed: [base.unmatched[0]!],
      },
    },
  },
];

describe('diffShortlists', () => {
  it.each(cases)('$name', ({ b, options, expected }) => {
    const diff = diffShortlists(base, b(), options);
    for (const key of REPORTED) {
      if (key in expected) expect(diff[key], key).toEqual(expected[key]);
      else expect(isEmpty(diff[key]), `${key} should be empty: ${JSON.stringify(diff[key])}`).toBe(true);
    }
    expect(diff.equal).toBe(Object.keys(expected).length === 0);
  });

  it('describes both artifacts and is plain JSON data with tiers in order', () => {
    const b = next(patched({ 'a/alpha@high': drop }), { version: 2 });
    const diff = diffShortlists(base, b);
    expect(diff.from).toEqual({ version: 1, contentHash: base.contentHash, createdAt: base.createdAt });
    expect(diff.to.version).toBe(2);
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
    expect(Object.keys(diff.entriesAdded)).toEqual(['high', 'medium', 'low']);
  });

  it('an id in two tiers that leaves one of them is a removal, not a move', () => {
    const inMedium = entry('b/beta', 'medium', { percentile: 95, price: 9, p50: 1 });
    const diff = diffShortlists(
      next([...baseEntries(), inMedium]),
      next([...patched({ 'b/beta@default': drop }), inMedium], { version: 3 }),
    );
    expect(diff.tierMoves).toEqual([]);
    expect(diff.entriesRemoved.high.map((e) => e.id)).toEqual(['b/beta@default']);
    expect(diff.entriesRemoved.medium).toEqual([]);
  });

  it('chains come from the pre-ordered lists: available entries only, primary + 2', () => {
    const chains = tierChains(next(patched({ 'c/gamma@max': set('available', false) })));
    expect(chains.map((c) => `${c.tier}/${c.variant} ${c.primary} [${c.fallbacks.join(' ')}]`)).toEqual([
      'high/default b/beta@default [a/alpha@high d/delta@high]',
      'high/nitro d/delta@high [b/beta@default a/alpha@high]',
      'medium/default g/gee@default [f/phi@low e/eps@default]',
      'medium/nitro e/eps@default [f/phi@low g/gee@default]',
      'low/default h/eta@default [i/iota@default]',
      'low/nitro h/eta@default [i/iota@default]',
    ]);
  });
});

describe('renderings', () => {
  // One primary change, one fallback-only change, an add, a removal, a price change, an
  // availability flip, an AA index-version change and a new exclusion.
  const b = artifact(
    {
      ...baseContent(
        patched({ 'a/alpha@high': drop, 'b/beta@default': set('available', false), 'c/gamma@max': withPrice(2.5) }, [
          ...baseEntries(),
          entry('j/jay', 'medium', { percentile: 72, price: 0.9, p50: null }),
        ]),
      ),
      field: { ...baseContent().field, indexVersion: 4 },
      exclusions: [...baseContent().exclusions, { model: 'y/why', effort: 'high', reason: 'unstable | flaky' }],
    },
    { version: 2 },
  );
  const diff = diffShortlists(base, b);
  const headline =
    'shortlist 1 → 2: 1 added, 1 removed, 1 primary changed, 1 fallback change, 1 price change, 1 availability change, 1 field change, 1 exclusion change';
  const notice = 'AA index version changed 3 → 4: coding scores and percentiles of different index versions are not comparable';

  it('text: headline, the index-version warning first, one line per change', () => {
    const lines = renderDiffText(diff).split('\n');
    expect(lines[0]).toBe(headline);
    expect(lines[1]).toBe(`WARNING: ${notice}`);
    for (const line of [
      'Primaries and fallbacks',
      '  high/default: b/beta@default [c/gamma@max, a/alpha@high] → c/gamma@max [d/delta@high]',
      '  high/nitro: d/delta@high [b/beta@default, c/gamma@max] → d/delta@high [c/gamma@max]',
      'Entries added',
      '  + medium: j/jay@default p72 $0.9',
      'Entries removed',
      '  - high: a/alpha@high p97 $3',
      '  c/gamma@max (high): $2 → $2.5 (+25%)',
      '  b/beta@default (high): available → unavailable',
      '  indexVersion: 3 → 4',
      '  + y/why@high: unstable | flaky',
    ]) {
      expect(lines).toContain(line);
    }
    for (const title of ['Tier moves', 'Percentile moves', 'Throughput changes (p50)', 'Frontier', 'Rules', 'Unmatched AA rows'])
      expect(lines).not.toContain(title);
  });

  it('markdown: heading, warning before the sections, tables, no empty sections', () => {
    const md = renderDiffMarkdown(diff);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Shortlist 1 → 2');
    expect(md).toContain(`> [!WARNING]\n> **${notice}.**`);
    expect(md.indexOf('[!WARNING]')).toBeLessThan(md.indexOf('###'));
    expect(lines.find((l) => l.startsWith('**1 added'))).toMatch(
      /^\*\*1 added, 1 removed, 1 primary changed, .*, 1 exclusion change\.\*\* From v1 \(`[0-9a-f]{12}`, 2026-08-01T00:00:00.000Z\); to v2 /,
    );
    for (const line of [
      '### Primaries and fallbacks',
      '| Tier | Variant | Before | After |',
      '| high | default | `b/beta@default [c/gamma@max, a/alpha@high]` | `c/gamma@max [d/delta@high]` |',
      '| medium | `j/jay@default` | p72 | $0.9 |',
      '| high | `a/alpha@high` | p97 | $3 |',
      '| `c/gamma@max` | high | $2 | $2.5 | +25% |',
      '| `b/beta@default` | high | available | unavailable |',
      '| `indexVersion` | 3 | 4 |',
      '| added | `y/why@high` | unstable \\| flaky |',
    ]) {
      expect(lines).toContain(line);
    }
    for (const title of ['Tier moves', 'Percentile moves', 'Throughput changes (p50)', 'Frontier', 'Rules', 'Unmatched AA rows'])
      expect(md).not.toContain(`### ${title}`);
  });

  it('equal artifacts render as a headline alone', () => {
    const same = diffShortlists(base, artifact(baseContent(), { version: 3, createdAt: '2026-09-01T00:00:00.000Z' }));
    expect(renderDiffText(same)).toBe('shortlist 1 → 3: no differences\n');
    const md = renderDiffMarkdown(same);
    expect(md).toContain('**No differences.**');
    expect(md).not.toContain('###');
    expect(md).not.toContain('WARNING');
  });

  it('no warning without an index-version change; other field changes still listed', () => {
    const sized = diffShortlists(base, artifact({ ...baseContent(), field: { ...baseContent().field, size: 41 } }, { version: 2 }));
    expect(renderDiffText(sized)).toBe('shortlist 1 → 2: 1 field change\n\nField\n  size: 40 → 41\n');
    expect(renderDiffMarkdown(sized)).not.toContain('WARNING');
  });

  it('rule, frontier, move, percentile, throughput and unmatched lines', () => {
    const c = baseContent(
      patched({ 'f/phi@low': set('tier', 'high'), 'h/eta@default': set('percentile', 45), 'a/alpha@high': withP50(30) }),
      [...BASE_FRONTIER, 'g/gee@default'],
    );
    const moved = artifact({ ...c, rules: { ...c.rules, tierBands: { ...c.rules.tierBands, high: 85 } }, unmatched: [] }, { version: 2 });
    const d = diffShortlists(base, moved);
    const text = renderDiffText(d).split('\n');
    for (const line of [
      '  f/phi@low: medium → high',
      '  h/eta@default (low): p40 → p45',
      '  a/alpha@high (high): 50 tok/s → 30 tok/s (-40%)',
      '  + g/gee@default',
      '  tierBands.high: 90 → 85',
      '  - Unmatched One (aa-u1) p88 unmatched: no OpenRouter model',
    ]) {
      expect(text).toContain(line);
    }
    const md = renderDiffMarkdown(d).split('\n');
    for (const line of [
      '| `f/phi@low` | medium | high |',
      '| added | `g/gee@default` |',
      '| `tierBands.high` | 90 | 85 |',
      '| removed | Unmatched One (`aa-u1`) | p88 | unmatched | no OpenRouter model |',
    ]) {
      expect(md).toContain(line);
    }
  });
});
