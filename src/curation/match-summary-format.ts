import type { MatchSummary } from './match-summary.js';

function counts(byKey: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(byKey)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => `${key} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The fidelity report as a few lines of text, what curation is missing last. */
export function formatMatchSummary(summary: MatchSummary): string {
  const { field, strong, bands } = summary;
  const share = (100 * strong.matchedShare).toFixed(1);
  const lines = [
    `field: ${field.rows} AA rows with a coding index (${field.matched} matched, ${field.proposed} proposed, ${field.unmatched} unmatched)`,
    `at or above the low band (percentile ≥ ${bands.low}): ${strong.rows} rows, ${strong.onOpenRouter} with a model on OpenRouter`,
    `  matched ${strong.matched.total} = ${share}% of those on OpenRouter${counts(strong.matched.byMethod)}`,
    `  proposed ${strong.proposed.total}${counts(strong.proposed.byCause)}`,
    `  unmatched ${strong.unmatched.total}${counts(strong.unmatched.byCause)}`,
  ];
  if (summary.wouldEnter.length === 0) {
    lines.push('no proposed row would enter a tier if accepted');
  } else {
    lines.push(`proposed rows that would enter a tier if accepted (${summary.wouldEnter.length}):`);
    for (const row of summary.wouldEnter) {
      const replaces = row.replaces ? `, replacing ${row.replaces}` : '';
      lines.push(
        `  ${String(row.percentile).padStart(3)} ${row.tier.padEnd(6)} ${row.aaSlug} → ${row.model}@${row.effort ?? 'default'} [${row.cause ?? '-'}${replaces}]`,
        `      ${row.reason}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
