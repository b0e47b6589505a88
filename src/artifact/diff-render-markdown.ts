import type { ArtifactRef, EntryChange, KeyChange, RatioChange, ShortlistDiff } from './diff.js';
import {
  availability,
  chain,
  exclusionLabel,
  indexVersionChange,
  indexVersionNotice,
  pct,
  price,
  scalar,
  summaryParts,
  throughput,
} from './diff-wording.js';
import { TIER_NAMES } from './schema.js';

type Section = readonly [title: string, headers: readonly string[], rows: readonly (readonly string[])[]];

/**
 * Markdown for a pull-request or chat comment: a heading, the index-version warning as a
 * GitHub alert (a plain quote elsewhere), a summary line, then one table per kind of change.
 * Empty sections are left out.
 */
export function renderDiffMarkdown(diff: ShortlistDiff): string {
  const blocks = [`## Shortlist ${diff.from.version} → ${diff.to.version}`];
  const index = indexVersionChange(diff);
  if (index) blocks.push(`> [!WARNING]\n> **${indexVersionNotice(index)}.**`);
  const parts = summaryParts(diff);
  blocks.push(`**${parts.length === 0 ? 'No differences.' : `${parts.join(', ')}.`}** ${ref('From', diff.from)}; ${ref('to', diff.to)}.`);
  for (const [title, headers, rows] of sections(diff)) {
    if (rows.length > 0) blocks.push(`### ${title}\n\n${table(headers, rows)}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

function sections(diff: ShortlistDiff): Section[] {
  const entries = (byTier: ShortlistDiff['entriesAdded']) =>
    TIER_NAMES.flatMap((tier) => byTier[tier].map((e) => [tier, code(e.id), `p${e.percentile}`, price(e.price)]));
  const sets = <T>(set: { added: T[]; removed: T[] }, row: (item: T) => string[]) => [
    ...set.added.map((x) => ['added', ...row(x)]),
    ...set.removed.map((x) => ['removed', ...row(x)]),
  ];
  return [
    [
      'Primaries and fallbacks',
      ['Tier', 'Variant', 'Before', 'After'],
      diff.primaryChanges.map((c) => [c.tier, c.variant, code(chain(c.from)), code(chain(c.to))]),
    ],
    ['Entries added', ['Tier', 'Entry', 'Percentile', 'Prompt USD/1M'], entries(diff.entriesAdded)],
    ['Entries removed', ['Tier', 'Entry', 'Percentile', 'Prompt USD/1M'], entries(diff.entriesRemoved)],
    ['Tier moves', ['Entry', 'From', 'To'], diff.tierMoves.map((m) => [code(m.id), m.from, m.to])],
    ['Percentile moves', ['Entry', 'Tier', 'From', 'To'], diff.percentileMoves.map((c) => change(c, (p) => `p${p}`))],
    ['Price changes (prompt, USD per 1M)', ['Entry', 'Tier', 'From', 'To', 'Change'], diff.priceChanges.map((c) => ratio(c, price))],
    ['Throughput changes (p50)', ['Entry', 'Tier', 'From', 'To', 'Change'], diff.throughputChanges.map((c) => ratio(c, throughput))],
    ['Availability changes', ['Entry', 'Tier', 'From', 'To'], diff.availabilityChanges.map((c) => change(c, availability))],
    ['Frontier', ['Change', 'Entry'], sets(diff.frontierChanges, (id) => [code(id)])],
    ['Field', ['Key', 'From', 'To'], diff.fieldChanges.map(keyRow)],
    ['Rules', ['Key', 'From', 'To'], diff.ruleChanges.map(keyRow)],
    ['Exclusions', ['Change', 'Model', 'Reason'], sets(diff.exclusionChanges, (x) => [code(exclusionLabel(x)), x.reason])],
    [
      'Unmatched AA rows',
      ['Change', 'AA row', 'Percentile', 'Status', 'Reason'],
      sets(diff.unmatchedChanges, (u) => [
        `${u.aaName} (${code(u.aaId)})`,
        `p${u.percentile}`,
        u.proposed ? `${u.status} → ${code(u.proposed)}` : u.status,
        u.reason,
      ]),
    ],
    ['Other entry changes', ['Entry', 'Tier', 'Changed'], diff.otherEntryChanges.map((c) => [code(c.id), c.tier, c.keys.join(', ')])],
  ];
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A pipe or a line break inside a cell would end the cell or the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function ref(label: string, r: ArtifactRef): string {
  return `${label} v${r.version} (${code(r.contentHash.slice(0, 12))}, ${r.createdAt})`;
}

function change<T>(c: EntryChange<T>, show: (value: T) => string): string[] {
  return [code(c.id), c.tier, show(c.from), show(c.to)];
}

function ratio(c: RatioChange, show: (value: number | null) => string): string[] {
  return [...change(c, show), pct(c.pct) || '—'];
}

function keyRow(c: KeyChange): string[] {
  return [code(c.key), scalar(c.from), scalar(c.to)];
}
