import { createHash } from 'node:crypto';
import type { ShortlistDiff } from '../artifact/diff.js';
import { TIER_NAMES, type Shortlist } from '../artifact/schema.js';
import { renderCharts } from './charts.js';
import type { VersionSummary } from './history.js';
import { esc } from './html.js';
import { SCRIPT, STYLE } from './page-assets.js';
import { reportPoints } from './points.js';
import { renderDiffSection } from './section-diff.js';
import { renderHistory } from './section-history.js';
import { renderLegend } from './legend.js';
import { renderProvenance } from './section-provenance.js';
import { renderTiers } from './section-tiers.js';

export { summarizeVersion, type VersionSummary } from './history.js';

/**
 * The shortlist report: one self-contained HTML page. Pure: the artifact, the diff against the
 * previous version, the history summaries and the clock come in, a string goes out. The charts
 * are SVG rendered here, so the page shows them without JavaScript; the inline script only adds
 * hover tooltips. Nothing on the page loads anything: the content security policy forbids it.
 */
export interface ReportInput {
  readonly shortlist: Shortlist;
  /** The diff from the previous published version; null for the first version. */
  readonly diff: ShortlistDiff | null;
  /** Every published version up to this one (this one included). */
  readonly history: readonly VersionSummary[];
  /** Versions that could not be read for the history, with why. */
  readonly skippedHistory?: readonly string[];
  readonly now: Date;
}

export function renderReport(input: ReportInput): string {
  const s = input.shortlist;
  const points = reportPoints(s);
  const charts = renderCharts(s, points);
  const counts = TIER_NAMES.map((t) => `${t} ${s.tiers[t].entries.length}`).join(', ');
  const field = `${s.field.size} AA rows${s.field.indexVersion === null ? '' : `, index v${s.field.indexVersion}`}`;
  const body = `
<header>
<h1>Shortlist version ${esc(s.version)}</h1>
<p class="meta">published ${esc(s.createdAt)} · content hash <code>${esc(s.contentHash.slice(0, 12))}</code> · ${esc(counts)} entries · field ${esc(s.field.source)}, ${esc(field)}</p>
<p class="attribution">${esc(s.attribution)}</p>
<nav><a href="#frontier">Frontier</a><a href="#nitro">:nitro</a><a href="#tiers">Tiers</a><a href="#changes">What changed</a><a href="#history">History</a><a href="#provenance">Provenance</a></nav>
</header>
<section id="frontier">
<h2>Price and coding score</h2>
<input class="toggle" type="radio" name="y" id="view-percentile" checked><label for="view-percentile">percentile</label>
<input class="toggle" type="radio" name="y" id="view-index"><label for="view-index">coding index</label>
${renderLegend('cheapest', true)}
<figure class="views">${charts.percentile.svg}${charts.codingIndex.svg}</figure>
<figcaption>Every entry of every tier; the line is the price/score Pareto frontier (best coding score at or under each price). Rings mark each tier's cheapest chain. Coding scores: ${esc(s.attribution)}</figcaption>
</section>
<section id="nitro">
<h2>:nitro — p50 throughput and price</h2>
${renderLegend(':nitro', false)}
<figure>${charts.nitro.svg}</figure>
<figcaption>Rings mark each tier's :nitro chain (fastest first). Throughput is endpoint telemetry where OpenRouter has it, else AA's median output speed (${esc(s.attribution)}).</figcaption>
</section>
<section id="tiers"><h2>Tiers</h2>
${renderTiers(s, points)}
</section>
<section id="changes"><h2>What changed${input.diff ? ` since version ${esc(input.diff.from.version)}` : ''}</h2>
${renderDiffSection(input.diff)}
</section>
<section id="history"><h2>History</h2>
${renderHistory(input.history, input.skippedHistory ?? [])}
</section>
<section id="provenance"><h2>Provenance</h2>
${renderProvenance(s, input.now)}
</section>
<div id="tip" role="tooltip" hidden></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>pareto-router shortlist v${esc(s.version)}</title>
<style>${STYLE}</style>
</head>
<body>${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing from anywhere (default-src 'none'), except this page's own style and script blocks. */
export const CSP = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
