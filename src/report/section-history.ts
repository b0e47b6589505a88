import { VARIANTS } from '../artifact/chains.js';
import { TIER_NAMES } from '../artifact/schema.js';
import { code, esc, table } from './html.js';
import { primarySpans, type VersionSummary } from './history.js';

/** Per tier, who was primary when (cheapest and :nitro); then the entry counts of every version. */
export function renderHistory(history: readonly VersionSummary[], skipped: readonly string[]): string {
  const ordered = [...history].sort((a, b) => a.version - b.version);
  const notes = skipped.length ? `<p class="warning">Left out of the history (unreadable): ${skipped.map(esc).join('; ')}</p>` : '';
  if (ordered.length === 0) return `${notes}<p>No published versions.</p>`;
  const primaries = TIER_NAMES.flatMap((tier) =>
    VARIANTS.flatMap((variant) =>
      primarySpans(ordered, tier, variant).map((s) => [
        esc(tier),
        variant === 'nitro' ? ':nitro' : 'cheapest',
        s.primary === null ? '<em>none available</em>' : code(s.primary),
        esc(s.fromVersion === s.toVersion ? `v${s.fromVersion}` : `v${s.fromVersion}–v${s.toVersion}`),
        esc(day(s.since)),
      ]),
    ),
  );
  const counts = ordered.map((v) => [
    esc(`v${v.version}`),
    esc(day(v.createdAt)),
    ...TIER_NAMES.map((t) => esc(v.entries[t])),
    esc(TIER_NAMES.reduce((n, t) => n + v.entries[t], 0)),
    code(v.contentHash.slice(0, 12)),
  ]);
  return `${notes}
<h3>Primaries over time</h3>
${table(['tier', 'chain', 'primary', 'versions', 'since'], primaries, 'history')}
<h3>Entries per tier over time</h3>
${table(['version', 'published', ...TIER_NAMES, 'total', 'content hash'], counts, 'history')}`;
}

function day(iso: string): string {
  return iso.replace(/:\d\d(\.\d+)?Z$/, 'Z').replace('T', ' ');
}
