import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/package-root.js';
import { runCli } from '../support/run-cli.js';

const recordCaptures = (date: string, out: string) =>
  execFileSync(process.execPath, [path.join(packageRoot(), 'dist', 'scripts', 'record-captures.js'), date, out], { stdio: 'pipe' });

interface Update {
  sync: { ok: boolean };
  publish: { published: boolean; version: number; contentHash: string; reason: string };
  shortlist: { version: number; tiers: Record<string, { entries: unknown[] }>; attribution: string };
}

describe('pareto update (the main command)', () => {
  it('on the sample publishes version 1 with three non-empty tiers, then nothing new', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-update-'));
    const first = await runCli(['update', '--sample', '--json'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const one = JSON.parse(first.stdout) as Update;
    expect(one.publish).toMatchObject({ published: true, version: 1, reason: 'new' });
    for (const tier of ['high', 'medium', 'low']) expect(one.shortlist.tiers[tier]!.entries.length).toBeGreaterThan(0);
    expect(one.shortlist.attribution).toBe('Source: Artificial Analysis (artificialanalysis.ai)');
    expect(readdirSync(path.join(cwd, 'data', 'shortlists')).sort()).toEqual(['1.html', '1.json', 'latest.json']);

    const second = await runCli(['update', '--sample', '--json'], { cwd });
    const two = JSON.parse(second.stdout) as Update;
    expect(two.publish).toMatchObject({ published: false, version: 1, reason: 'unchanged', contentHash: one.publish.contentHash });
    expect(readdirSync(path.join(cwd, 'data', 'shortlists')).sort()).toEqual(['1.html', '1.json', 'latest.json']);

    const table = await runCli(['shortlist'], { cwd });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^high \(percentile ≥ 95\) — \d+ entries$/m);
    expect(table.stdout).toMatch(/^model\s+effort\s+pct\s+coding\s+\$\/1M in\s+p50 tok\/s\s+frontier\s+available$/m);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('Source: Artificial Analysis (artificialanalysis.ai)');
    const artifact = await runCli(['shortlist', '--json'], { cwd });
    expect((JSON.parse(artifact.stdout) as { version: number }).version).toBe(1);

    const match = await runCli(['match', '--json'], { cwd });
    const rows = JSON.parse(match.stdout) as Array<{
      aaId: string;
      aaSlug: string;
      aaName: string;
      model: string | null;
      effort: string | null;
      status: string;
    }>;
    expect(rows).toHaveLength(222);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['matched', 'proposed', 'unmatched']));
    expect(rows.filter((r) => r.status === 'unmatched').every((r) => r.model === null)).toBe(true);
    expect(rows.find((r) => r.aaSlug === 'gpt-5-5')).toMatchObject({ model: 'openai/gpt-5.5', effort: 'xhigh', status: 'matched' });
  });

  it('syncing the 2026-07-22 captures and then the 2026-08-21/22 ones gives version 2, and diff 1 2 shows the real changes', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-history-'));
    recordCaptures('2026-07-22', path.join(cwd, 'rec-0722'));
    recordCaptures('2026-08-21', path.join(cwd, 'rec-0821'));
    expect((await runCli(['update', '--from', 'rec-0722'], { cwd })).code).toBe(0);
    const later = JSON.parse((await runCli(['update', '--from', 'rec-0821', '--json'], { cwd })).stdout) as Update;
    expect(later.publish).toMatchObject({ published: true, version: 2 });

    const text = await runCli(['diff', '1', '2'], { cwd });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^shortlist 1 → 2: \d+ added, \d+ removed/);
    // Claude Opus 5 was released 2026-07-24: absent from the July data, the top of the August field.
    expect(text.stdout).toContain('+ high: anthropic/claude-opus-5@max p100');
    expect(text.stdout).toMatch(/^Primaries and fallbacks$/m);

    const json = JSON.parse((await runCli(['diff', 'previous', 'latest', '--json'], { cwd })).stdout) as {
      equal: boolean;
      fieldChanges: Array<{ key: string; from: unknown; to: unknown }>;
    };
    expect(json.equal).toBe(false);
    expect(json.fieldChanges).toContainEqual({ key: 'size', from: 187, to: 222 });
    const markdown = await runCli(['diff', '1', '2', '--markdown'], { cwd });
    expect(markdown.stdout).toMatch(/^## Shortlist 1 → 2/m);

    const same = await runCli(['diff', '2', path.join(cwd, 'data', 'shortlists', 'latest.json')], { cwd });
    expect(same.code).toBe(0);
    const bad = await runCli(['diff', '1', '9'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no shortlist version "9"');
    expect(existsSync(path.join(cwd, 'data', 'shortlists', '3.json'))).toBe(false);
  }, 60_000); // eight CLI runs, two of them full syncs: slow on a loaded machine
});
