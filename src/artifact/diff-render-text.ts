import type { EntryChange, EntrySummary, RatioChange, ShortlistDiff, Unmatched } from './diff.js';
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
} from './diff-wording.js';
import { TIER_NAMES } from './schema.js';

/**
 * Plain-text rendering for a terminal: the headline, a warning when the AA index version
 * changed, then one titled group per kind of change with one line per change. Empty groups are
 * left out, so equal artifacts render as the headline alone. Lines fit `width` columns: a long
 * "from → to" line puts "→ to" on a line of its own, and what still does not fit is cut with `…`.
 */
export function renderDiffText(diff: ShortlistDiff, width = Infinity): string {
  const lines = [headline(diff)];
  const index = indexVersionChange(diff);
  if (index) lines.push(`WARNING: ${indexVersionNotice(index)}`);
  for (const [title, body] of sections(diff)) {
    if (body.length === 0) continue;
    lines.push('', title, ...body.flatMap((line) => fit(`  ${line}`, width)));
  }
  return `${lines.map((line) => cut(line, width)).join('\n')}\n`;
}

function fit(line: string, width: number): string[] {
  const arrow = line.indexOf(' → ');
  if (line.length <= width || arrow === -1) return [line];
  return [line.slice(0, arrow), `      → ${line.slice(arrow + 3)}`];
}

function cut(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function sections(diff: ShortlistDiff): [string, string[]][] {
  const added = (sign: string, byTier: ShortlistDiff['entriesAdded']) =>
    TIER_NAMES.flatMap((tier) => byTier[tier].map((e) => `${sign} ${tier}: ${entry(e)}`));
  return [
    ['Primaries and fallbacks', diff.primaryChanges.map((c) => `${c.tier}/${c.variant}: ${chain(c.from)} → ${chain(c.to)}`)],
    ['Entries added', added('+', diff.entriesAdded)],
    ['Entries removed', added('-', diff.entriesRemoved)],
    ['Tier moves', diff.tierMoves.map((m) => `${m.id}: ${m.from} → ${m.to}`)],
    ['Percentile moves', diff.percentileMoves.map((c) => change(c, (p) => `p${p}`))],
    ['Price changes (prompt, USD per 1M)', diff.priceChanges.map((c) => ratio(c, price))],
    ['Throughput changes (p50)', diff.throughputChanges.map((c) => ratio(c, throughput))],
    ['Availability changes', diff.availabilityChanges.map((c) => change(c, availability))],
    ['Frontier', [...diff.frontierChanges.added.map((id) => `+ ${id}`), ...diff.frontierChanges.removed.map((id) => `- ${id}`)]],
    ['Field', diff.fieldChanges.map((c) => `${c.key}: ${scalar(c.from)} → ${scalar(c.to)}`)],
    ['Rules', diff.ruleChanges.map((c) => `${c.key}: ${scalar(c.from)} → ${scalar(c.to)}`)],
    [
      'Exclusions',
      [
        ...diff.exclusionChanges.added.map((x) => `+ ${exclusionLabel(x)}: ${x.reason}`),
        ...diff.exclusionChanges.removed.map((x) => `- ${exclusionLabel(x)}: ${x.reason}`),
      ],
    ],
    [
      'Unmatched AA rows',
      [...diff.unmatchedChanges.added.map((u) => `+ ${unmatched(u)}`), ...diff.unmatchedChanges.removed.map((u) => `- ${unmatched(u)}`)],
    ],
    ['Other entry changes', diff.otherEntryChanges.map((c) => `${c.id} (${c.tier}): ${c.keys.join(', ')}`)],
  ];
}

function entry(e: EntrySummary): string {
  return `${e.id} p${e.percentile} ${price(e.price)}`;
}

function change<T>(c: EntryChange<T>, show: (value: T) => string): string {
  return `${c.id} (${c.tier}): ${show(c.from)} → ${show(c.to)}`;
}

function ratio(c: RatioChange, show: (value: number | null) => string): string {
  const delta = pct(c.pct);
  return `${change(c, show)}${delta ? ` (${delta})` : ''}`;
}

function unmatched(u: Unmatched): string {
  return `${u.aaName} (${u.aaId}) p${u.percentile} ${u.status}${u.proposed ? ` → ${u.proposed}` : ''}: ${u.reason}`;
}
