import { exclusionLabel } from '../artifact/diff-wording.js';
import type { Shortlist } from '../artifact/schema.js';
import { code, esc, table } from './html.js';

/** Where the numbers come from: version, hash, field, each source's run, data age, rules, unmatched rows. */
export function renderProvenance(shortlist: Shortlist, now: Date): string {
  const f = shortlist.field;
  const runs = Object.entries(shortlist.sources).map(([source, run]) =>
    run === null
      ? [code(source), '—', '—', 'not used', '—']
      : [code(source), esc(run.runId), esc(run.mode), esc(run.fetchedAt), esc(age(run.fetchedAt, now))],
  );
  const fetched = Object.values(shortlist.sources)
    .flatMap((r) => (r ? [r.fetchedAt] : []))
    .sort();
  const oldest = fetched[0];
  const facts: [string, string][] = [
    ['version', esc(shortlist.version)],
    ['content hash', code(shortlist.contentHash)],
    ['published', esc(shortlist.createdAt)],
    ['field', esc(`${f.source}, ${f.size} rows${f.indexVersion === null ? '' : `, AA index version ${f.indexVersion}`}`)],
    ['field rule', esc(f.description)],
    ['data age', esc(oldest ? `${age(oldest, now)} (oldest source fetch, at ${now.toISOString()})` : 'unknown')],
    [
      'tier bands',
      esc(
        `high ≥ p${shortlist.rules.tierBands.high}, medium ≥ p${shortlist.rules.tierBands.medium}, low ≥ p${shortlist.rules.tierBands.low}`,
      ),
    ],
    [
      'min_coding_score',
      esc(`≥ ${shortlist.rules.scoreThresholds.high} high, ≥ ${shortlist.rules.scoreThresholds.medium} medium, else low`),
    ],
    ['percentile', esc(shortlist.rules.percentile)],
    ['price', esc(shortlist.rules.price)],
    ['throughput', esc(shortlist.rules.throughput)],
  ];
  const unmatched = shortlist.unmatched.map((u) => [
    esc(u.aaName),
    code(u.aaSlug),
    `p${u.percentile}`,
    esc(u.proposed ? `${u.status} → ${u.proposed}` : u.status),
    esc(u.reason),
  ]);
  const exclusions = shortlist.exclusions.map((x) => [code(exclusionLabel(x)), esc(x.reason)]);
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<h3>Source runs</h3>
${table(['source', 'run', 'mode', 'fetched', 'age'], runs)}
<h3>AA rows that would qualify but have no OpenRouter model (${shortlist.unmatched.length})</h3>
${unmatched.length ? table(['AA row', 'slug', 'percentile', 'status', 'reason'], unmatched) : '<p>None.</p>'}
<h3>Exclusions (${shortlist.exclusions.length})</h3>
${exclusions.length ? table(['model', 'reason'], exclusions) : '<p>None.</p>'}
<p class="attribution">${esc(shortlist.attribution)}</p>`;
}

/** Whole units, largest first: "3 d 4 h", "25 min". */
export function age(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms < 0) return 'in the future (clock skew)';
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
