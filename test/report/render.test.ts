import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffShortlists } from '../../src/artifact/diff.js';
import { chainEntries, VARIANTS } from '../../src/artifact/chains.js';
import { ATTRIBUTION, TIER_NAMES, type Shortlist } from '../../src/artifact/schema.js';
import { readLatest } from '../../src/artifact/store.js';
import { renderCharts } from '../../src/report/charts.js';
import { boxesIntersect } from '../../src/report/labels.js';
import { reportPoints } from '../../src/report/points.js';
import { renderReport, summarizeVersion } from '../../src/report/index.js';
import { artifact, baseContent, patched } from '../support/diff-fixtures.js';
import { publishSample } from '../support/published-shortlists.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
let sample: Shortlist;
let $: cheerio.CheerioAPI;
let html: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-'));
  await publishSample(dir);
  sample = readLatest(dir)!;
  html = renderReport({ shortlist: sample, diff: null, history: [summarizeVersion(sample)], now: NOW });
  $ = cheerio.load(html);
});

const CHARTS = ['#chart-percentile', '#chart-index', '#chart-nitro'];

describe('the report of the sample shortlist', () => {
  it('draws every entry as one point per chart, coloured by its tier', () => {
    for (const chart of CHARTS) {
      for (const tier of TIER_NAMES) {
        const points = $(`${chart} g.point[data-tier="${tier}"]`);
        expect(points.length, `${chart} ${tier}`).toBe(sample.tiers[tier].entries.length);
        expect(points.toArray().every((p) => $(p).hasClass(`tier-${tier}`))).toBe(true);
      }
    }
    expect(sample.tiers.low.entries.length).toBeGreaterThan(20);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('draws the frontier as one step line through the frontier entries, cheapest first and rising', () => {
    for (const chart of ['#chart-percentile', '#chart-index']) {
      const line = $(`${chart} path.frontier`);
      expect(line.length).toBe(1);
      // The artifact lists the frontier best score first; cheapest first is the reverse.
      expect(line.attr('data-order')!.split(' ')).toEqual([...sample.frontier].reverse());
      const corners = [...line.attr('d')!.matchAll(/[ML]\s*([\d.]+)[ ,]([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      expect(corners.length).toBeGreaterThanOrEqual(sample.frontier.length);
      for (let i = 1; i < corners.length; i++) {
        expect(corners[i]![0]).toBeGreaterThanOrEqual(corners[i - 1]![0]); // never back to a lower price
        expect(corners[i]![1]).toBeLessThanOrEqual(corners[i - 1]![1]); // never down to a lower score (SVG y grows downwards)
      }
    }
    const marked = $('#chart-percentile g.point.on-frontier')
      .toArray()
      .map((p) => $(p).attr('data-key')!.split(':').slice(1).join(':'));
    expect(marked.sort()).toEqual([...sample.frontier].sort());
    expect($('#chart-nitro path.frontier').length).toBe(0);
  });

  it('marks the primary and both fallbacks of every (tier, variant) on its chart', () => {
    const chartOf = { default: '#chart-percentile', nitro: '#chart-nitro' } as const;
    for (const variant of VARIANTS) {
      for (const tier of TIER_NAMES) {
        const chain = chainEntries(sample.tiers[tier], variant);
        expect(chain).toHaveLength(3);
        ['primary', 'fallback-1', 'fallback-2'].forEach((role, i) => {
          const marked = $(`${chartOf[variant]} g.point[data-tier="${tier}"][data-role="${role}"]`);
          expect(marked.length, `${variant} ${tier} ${role}`).toBe(1);
          expect(marked.attr('data-key')).toBe(`${tier}:${chain[i]!.id}`);
          expect(marked.find(`circle.ring.${role}`).length).toBe(1);
        });
      }
      expect($(`${chartOf[variant]} circle.ring`).length).toBe(9);
    }
  });

  it('gives each point a title with model, effort, percentile, prices, throughput and its source, availability', () => {
    const high = sample.tiers.high.entries.find((e) => e.throughput.source === 'artificial-analysis')!;
    const title = $(`#chart-percentile g.point[data-key="high:${high.id}"] title`).text();
    expect(title).toContain(`${high.model} · ${high.effort ?? 'default'}`);
    expect(title).toContain(`percentile ${high.percentile}`);
    expect(title).toMatch(/prompt \$[\d.]+ · blended \$[\d.]+ per 1M/);
    expect(title).toContain(`p50 ${high.throughput.p50} tok/s (AA median)`);
    expect(title).toContain('listed on OpenRouter');
    const telemetry = TIER_NAMES.flatMap((t) => sample.tiers[t].entries).find((e) => e.throughput.source === 'openrouter-endpoints')!;
    expect($(`#chart-percentile g.point[data-key="${telemetry.tier}:${telemetry.id}"] title`).text()).toContain('(endpoint telemetry)');
  });

  it("shows AA's attribution in the header, beside both charts and in the provenance", () => {
    expect($('header .attribution').text()).toBe(ATTRIBUTION);
    expect($('#frontier figcaption').text()).toContain(ATTRIBUTION);
    expect($('#nitro figcaption').text()).toContain(ATTRIBUTION);
    expect($('#provenance .attribution').text()).toBe(ATTRIBUTION);
    // A plain mention, not a link: the page links to nothing outside itself.
    expect(
      $('a')
        .toArray()
        .filter((a) => $(a).text().includes('artificialanalysis.ai')),
    ).toHaveLength(0);
  });

  it('loads nothing: no external URL in any attribute or style, and a CSP that forbids network loads', () => {
    expect(externalReferences(html)).toEqual([]);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content')!;
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'/);
    // The checker itself finds what it is for.
    expect(externalReferences('<img src="https://cdn.example/x.png"><a href="#ok">x</a>')).toEqual([
      '<img',
      'src=https://cdn.example/x.png',
    ]);
    expect(externalReferences('<style>@import "x.css"; b { background: url(//e.com/a) }</style>')).toEqual(['@import', 'url(//e.com/a)']);
    expect(externalReferences('<link rel="stylesheet" href="a.css">')).toEqual(['<link', 'href=a.css']);
  });

  it('places the frontier labels, none overlapping another', () => {
    const points = reportPoints(sample);
    const charts = renderCharts(sample, points);
    for (const chart of [charts.percentile, charts.codingIndex, charts.nitro]) {
      const boxes = chart.labelBoxes;
      expect(boxes.length).toBeGreaterThan(5);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) expect(boxesIntersect(boxes[i]!, boxes[j]!), `labels ${i} and ${j}`).toBe(false);
    }
    const labelled = new Set(
      $('#chart-percentile text.label')
        .toArray()
        .map((t) => $(t).attr('data-key')!.split(':').slice(1).join(':')),
    );
    for (const id of sample.frontier) expect(labelled.has(id), id).toBe(true);
    expect(charts.percentile.unplacedLabels.filter((key) => sample.frontier.some((id) => key.endsWith(`:${id}`)))).toEqual([]);
  });

  it('lists each tier with its cheapest and :nitro chains and every entry', () => {
    for (const tier of TIER_NAMES) {
      const section = $(`#tier-${tier}`);
      expect(section.find('table.entries tbody tr').length).toBe(sample.tiers[tier].entries.length);
      const chains = section
        .find('ul.chains li')
        .toArray()
        .map((li) => $(li).text());
      expect(chains[0]).toBe(
        `cheapest: ${chainEntries(sample.tiers[tier], 'default')
          .map((e) => e.id)
          .join(' → ')}`,
      );
      expect(chains[1]).toBe(
        `:nitro (fastest): ${chainEntries(sample.tiers[tier], 'nitro')
          .map((e) => e.id)
          .join(' → ')}`,
      );
    }
    expect($('#changes').text()).toContain('first published version');
    expect($('#provenance').text()).toContain(`AA rows that would qualify but have no OpenRouter model (${sample.unmatched.length})`);
    expect($('#provenance dl').text()).toContain(`${sample.field.size} rows, AA index version ${sample.field.indexVersion}`);
  });
});

describe('what changed and history', () => {
  it('renders the existing diff: a removed entry and the fallback that replaces it', () => {
    const v1 = artifact();
    const v2 = artifact(baseContent(patched({ 'a/alpha@high': () => null })), { version: 2, createdAt: '2026-08-02T00:00:00.000Z' });
    const diff = diffShortlists(v1, v2);
    const page = cheerio.load(renderReport({ shortlist: v2, diff, history: [summarizeVersion(v1), summarizeVersion(v2)], now: NOW }));
    const changes = page('#changes');
    expect(changes.find('h2').text()).toBe('What changed since version 1');
    expect(changes.find('.headline').text()).toBe('shortlist 1 → 2: 1 removed, 1 fallback change');
    const removed = changes
      .find('details:has(h3:contains("Entries removed")) table tbody tr')
      .toArray()
      .map((r) => page(r).text());
    expect(removed).toEqual(['higha/alpha@highp97$3']);
    const chains = changes
      .find('details:has(h3:contains("Primaries and fallbacks")) table tbody tr td')
      .toArray()
      .map((td) => page(td).text());
    expect(chains).toEqual(['high', 'default', 'b/beta@default [c/gamma@max, a/alpha@high]', 'b/beta@default [c/gamma@max, d/delta@high]']);
  });

  it('shows which entry was primary when, and the entry counts of every version', () => {
    const v1 = artifact();
    const v2 = artifact(baseContent(patched({ 'b/beta@default': () => null })), { version: 2, createdAt: '2026-08-02T00:00:00.000Z' });
    const v3 = artifact(baseContent(patched({ 'b/beta@default': () => null, 'i/iota@default': () => null })), {
      version: 3,
      createdAt: '2026-08-03T00:00:00.000Z',
    });
    const page = cheerio.load(
      renderReport({ shortlist: v3, diff: diffShortlists(v2, v3), history: [v1, v2, v3].map(summarizeVersion), now: NOW }),
    );
    const rows = (i: number) =>
      page('#history table')
        .eq(i)
        .find('tbody tr')
        .toArray()
        .map((r) =>
          page(r)
            .find('td')
            .toArray()
            .map((td) => page(td).text()),
        );
    const highCheapest = rows(0).filter((r) => r[0] === 'high' && r[1] === 'cheapest');
    expect(highCheapest).toEqual([
      ['high', 'cheapest', 'b/beta@default', 'v1', '2026-08-01 00:00Z'],
      ['high', 'cheapest', 'c/gamma@max', 'v2–v3', '2026-08-02 00:00Z'],
    ]);
    expect(rows(1).map((r) => r.slice(0, 6))).toEqual([
      ['v1', '2026-08-01 00:00Z', '4', '3', '2', '9'],
      ['v2', '2026-08-02 00:00Z', '3', '3', '2', '8'],
      ['v3', '2026-08-03 00:00Z', '3', '3', '1', '7'],
    ]);
  });

  it('places entries without a price or a throughput in labelled strips, and draws an empty tier without failing', () => {
    // The fixture's i/iota has no price and g/gee no p50; here the high tier is empty too.
    const content = baseContent(
      patched({ 'a/alpha@high': () => null, 'b/beta@default': () => null, 'c/gamma@max': () => null, 'd/delta@high': () => null }),
      ['e/eps@default', 'h/eta@default'],
    );
    const out = renderReport({ shortlist: artifact(content), diff: null, history: [], now: NOW });
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    const page = cheerio.load(out);
    for (const chart of CHARTS) {
      expect(page(`${chart} g.point`).length).toBe(5);
      expect(page(`${chart} g.point[data-tier="high"]`).length).toBe(0);
      expect(page(chart).text()).toContain('no price');
    }
    expect(page('#chart-nitro').text()).toContain('unknown');
    expect(page('#tier-high ul.chains').text()).toBe('cheapest: none available:nitro (fastest): none available');
  });

  it('escapes names from the artifact', () => {
    const evil = artifact(baseContent(patched({ 'a/alpha@high': (e) => ({ ...e, pinned: { reason: '<script>alert(1)</script>' } }) })));
    const out = renderReport({ shortlist: evil, diff: null, history: [], now: NOW });
    expect(out).not.toContain('<script>alert(1)');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

/**
 * Everything in a page that would make a browser fetch something: any URL-bearing attribute
 * that is not an in-page #fragment, CSS url() and @import, and elements that exist to load.
 * Plain text (the attribution's "artificialanalysis.ai") is not a reference.
 */
function externalReferences(page: string): string[] {
  const found: string[] = [];
  for (const tag of ['<link', '<iframe', '<img', '<object', '<embed', '<video', '<audio', '<source', '<base'])
    if (page.toLowerCase().includes(tag)) found.push(tag);
  const doc = cheerio.load(page);
  for (const el of doc('*').toArray()) {
    for (const [name, value] of Object.entries((el as unknown as { attribs: Record<string, string> }).attribs ?? {})) {
      if (
        ['src', 'href', 'xlink:href', 'action', 'formaction', 'poster', 'srcset', 'data', 'background'].includes(name) &&
        !value.startsWith('#')
      )
        found.push(`${name}=${value}`);
    }
  }
  const css =
    doc('style').text() +
    doc('[style]')
      .toArray()
      .map((el) => doc(el).attr('style'))
      .join(';');
  if (/@import/i.test(css)) found.push('@import');
  for (const m of css.matchAll(/url\([^)]*\)/gi)) found.push(m[0]);
  return found;
}
