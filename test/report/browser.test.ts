import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntries } from '../../src/artifact/chains.js';
import { TIER_NAMES, type Shortlist } from '../../src/artifact/schema.js';
import { readLatest } from '../../src/artifact/store.js';
import { writeShortlistReport } from '../../src/pipeline/report.js';
import { publishSample } from '../support/published-shortlists.js';

/**
 * The report in a real browser: Debian's chromium, driven by playwright-core (which never
 * downloads a browser of its own). A missing chromium fails the test: the report's promise is
 * that it renders, and that cannot be checked without one.
 */
function chromiumPath(): string {
  let found = '';
  try {
    found = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    // `which` exits 1 when there is none.
  }
  if (!found) throw new Error('chromium is not on PATH: install it with `apt-get install chromium` (.ci/run does this when it is missing)');
  return found;
}

let dir: string;
let shortlist: Shortlist;
let url: string;
let context: BrowserContext;

const launch = (profile: string, options: { javaScriptEnabled?: boolean } = {}) =>
  chromium.launchPersistentContext(path.join(dir, profile), {
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 800 },
    ...options,
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-browser-'));
  await publishSample(path.join(dir, 'shortlists'));
  shortlist = readLatest(path.join(dir, 'shortlists'))!;
  const { file } = writeShortlistReport({ dir: path.join(dir, 'shortlists'), spec: 'latest' });
  url = pathToFileURL(file).href;
  context = await launch('profile');
});

afterAll(async () => {
  await context?.close();
});

describe('the report in chromium', () => {
  it('loads with no console error and no request but the page itself, shows every point, and a hovered primary its tooltip', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });

    for (const tier of TIER_NAMES) {
      expect(await page.locator(`#chart-percentile g.point[data-tier="${tier}"]`).count()).toBe(shortlist.tiers[tier].entries.length);
      expect(await page.locator(`#chart-nitro g.point[data-tier="${tier}"]`).count()).toBe(shortlist.tiers[tier].entries.length);
    }
    expect(await page.locator('#chart-percentile').isVisible()).toBe(true);
    expect(await page.locator('#chart-index').isVisible()).toBe(false);

    const primary = chainEntries(shortlist.tiers.high, 'default')[0]!;
    const tip = page.locator('#tip');
    expect(await tip.isVisible()).toBe(false);
    await page.locator(`#chart-percentile g.point[data-key="high:${primary.id}"] circle.dot`).hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toContain(`${primary.model} · ${primary.effort ?? 'default'}`);
    expect(text).toContain('cheapest primary');
    expect(text).toContain(`percentile ${primary.percentile}`);

    const shot = path.join(dir, 'report-1280x800.png');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(20_000);

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('draws the frontier labels without overlaps as the browser lays them out, and toggles to the coding index without JavaScript', async () => {
    const noScript = await launch('profile-no-js', { javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(url);
    // The script never ran: the points keep their <title> (the browser's own tooltip).
    expect(await page.locator('#chart-percentile g.point title').count()).toBe(
      TIER_NAMES.reduce((n, t) => n + shortlist.tiers[t].entries.length, 0),
    );
    for (const chart of ['#chart-percentile', '#chart-nitro']) {
      const boxes = await page
        .locator(`${chart} text.label`)
        .evaluateAll((nodes) =>
          nodes
            .map((n) => (n as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }).getBoundingClientRect())
            .map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
        );
      expect(boxes.length).toBeGreaterThan(5);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `${chart} labels ${i} and ${j}: ${JSON.stringify([a, b])}`).toBe(false);
        }
      }
    }
    await page.locator('label[for="view-index"]').click();
    expect(await page.locator('#chart-index').isVisible()).toBe(true);
    expect(await page.locator('#chart-percentile').isVisible()).toBe(false);
    await noScript.close();
    expect(existsSync(path.join(dir, 'profile-no-js'))).toBe(true);
  });
});
