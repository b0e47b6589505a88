import type { ShortlistDiff } from '../artifact/diff.js';
import {
  availability,
  chain,
  exclusionLabel,
  headline,
  indexVersionChange,
  indexVersionNotice,
  pct,
  price,
  scalar,
  throughput,
} from '../artifact/diff-wording.js';
import { TIER_NAMES } from '../artifact/schema.js';
import { code, esc, table } from './html.js';

const OPEN_ROWS = 12;

type Section = readonly [title: string, headers: readonly string[], rows: readonly (readonly string[])[]];

/**
 * "What changed": the diff `pareto diff` computes (src/artifact/diff.ts), rendered as HTML
 * tables with the same wording as its text and Markdown renderings (diff-wording.ts).
 */
export function renderDiffSection(diff: ShortlistDiff | null): string {
  if (diff === null) return '<p>This is the first published version: there is nothing to compare it with.</p>';
  const blocks = [`<p class="headline">${esc(headline(diff))}</p>`];
  const index = indexVersionChange(diff);
  if (index) blocks.push(`<p class="warning">${esc(indexVersionNotice(index))}</p>`);
  for (const [title, headers, rows] of sections(diff)) {
    // Long lists (a new AA index moves every percentile) fold, so the routing changes stay in view.
    if (rows.length > 0)
      blocks.push(
        `<details${rows.length <= OPEN_ROWS ? ' open' : ''}><summary><h3>${esc(title)} (${rows.length})</h3></summary>${table(headers, rows, 'diff')}</details>`,
      );
  }
  return blocks.join('\n');
}

function sections(diff: ShortlistDiff): Section[] {
  const entries = (byTier: ShortlistDiff['entriesAdded']) =>
    TIER_NAMES.flatMap((tier) => byTier[tier].map((e) => [esc(tier), code(e.id), `p${e.percentile}`, esc(price(e.price))]));
  const sets = <T>(set: { added: T[]; removed: T[] }, cells: (item: T) => string[]) => [
    ...set.added.map((x) => ['added', ...cells(x)]),
    ...set.removed.map((x) => ['removed', ...cells(x)]),
  ];
  const moves = <T>(list: ReadonlyArray<{ id: string; tier: string; from: T; to: T; pct?: number | null }>, show: (v: T) => string) =>
    list.map((c) => [code(c.id), esc(c.tier), esc(show(c.from)), esc(show(c.to)), esc(c.pct === undefined ? '' : pct(c.pct) || '—')]);
  const keys = (list: ShortlistDiff['fieldChanges']) => list.map((c) => [code(c.key), esc(scalar(c.from)), esc(scalar(c.to))]);
  return [
    [
      'Primaries and fallbacks',
      ['tier', 'variant', 'before', 'after'],
      diff.primaryChanges.map((c) => [esc(c.tier), esc(c.variant), code(chain(c.from)), code(chain(c.to))]),
    ],
    ['Entries added', ['tier', 'entry', 'percentile', 'prompt $/1M'], entries(diff.entriesAdded)],
    ['Entries removed', ['tier', 'entry', 'percentile', 'prompt $/1M'], entries(diff.entriesRemoved)],
    ['Tier moves', ['entry', 'from', 'to'], diff.tierMoves.map((m) => [code(m.id), esc(m.from), esc(m.to)])],
    ['Percentile moves', ['entry', 'tier', 'from', 'to', ''], moves(diff.percentileMoves, (p) => `p${p}`)],
    ['Price changes (prompt, USD per 1M)', ['entry', 'tier', 'from', 'to', 'change'], moves(diff.priceChanges, price)],
    ['Throughput changes (p50)', ['entry', 'tier', 'from', 'to', 'change'], moves(diff.throughputChanges, throughput)],
    ['Availability changes', ['entry', 'tier', 'from', 'to', ''], moves(diff.availabilityChanges, availability)],
    ['Frontier', ['change', 'entry'], sets(diff.frontierChanges, (id) => [code(id)])],
    ['Field', ['key', 'from', 'to'], keys(diff.fieldChanges)],
    ['Rules', ['key', 'from', 'to'], keys(diff.ruleChanges)],
    ['Exclusions', ['change', 'model', 'reason'], sets(diff.exclusionChanges, (x) => [code(exclusionLabel(x)), esc(x.reason)])],
    [
      'Unmatched AA rows',
      ['change', 'AA row', 'percentile', 'status', 'reason'],
      sets(diff.unmatchedChanges, (u) => [
        esc(u.aaName),
        `p${u.percentile}`,
        esc(u.proposed ? `${u.status} → ${u.proposed}` : u.status),
        esc(u.reason),
      ]),
    ],
    [
      'Other entry changes',
      ['entry', 'tier', 'changed'],
      diff.otherEntryChanges.map((c) => [code(c.id), esc(c.tier), esc(c.keys.join(', '))]),
    ],
  ];
}
