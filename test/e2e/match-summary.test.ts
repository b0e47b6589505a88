import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchSummary } from '../../src/curation/match-summary.js';
import { packageRoot } from '../../src/util/package-root.js';
import { runCli } from '../support/run-cli.js';

/** The real 2026-08-21/22 captures synced into a fresh database, then `pareto match` read back. */
describe('pareto match on the synced 2026-08-21/22 captures', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-match-'));

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [path.join(packageRoot(), 'dist', 'scripts', 'record-captures.js'), '2026-08-21', path.join(cwd, 'rec')],
      { stdio: 'pipe' },
    );
    const sync = await runCli(['sync', '--from', 'rec'], { cwd });
    expect(sync.code, sync.stderr).toBe(0);
  });

  it('--summary --json: the fidelity report of what the database holds', async () => {
    const result = await runCli(['match', '--summary', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as MatchSummary;
    expect(summary.strong).toMatchObject({ rows: 112, onOpenRouter: 102, matched: { total: 96, byMethod: { 'effort-vocabulary': 3 } } });
    // default_enabled went through the database: Gemma 4's default does not reason.
    expect(summary.wouldEnter.map((r) => r.aaSlug)).toContain('gemma-4-31b');
  });

  it('--summary: the same as text', async () => {
    const result = await runCli(['match', '--summary'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^at or above the low band \(percentile ≥ 50\): 112 rows, 102 with a model on OpenRouter$/m);
    expect(result.stdout).toMatch(/^proposed rows that would enter a tier if accepted \(4\):$/m);
  });

  it('reads PARETO_EFFORT_VOCABULARIES instead of the bundled file, and rejects a broken one with its line', async () => {
    const empty = path.join(cwd, 'empty.json');
    writeFileSync(empty, '{ "version": 1, "vocabularies": [] }');
    const rows = JSON.parse((await runCli(['match', '--json'], { cwd, env: { PARETO_EFFORT_VOCABULARIES: empty } })).stdout) as Array<{
      aaSlug: string;
      status: string;
      effort: string | null;
    }>;
    expect(rows.find((r) => r.aaSlug === 'glm-5-2')).toMatchObject({ status: 'proposed', effort: 'max' });
    const bundled = JSON.parse((await runCli(['match', '--json'], { cwd })).stdout) as Array<{
      aaSlug: string;
      status: string;
      effort: string | null;
      method: string;
    }>;
    expect(bundled.find((r) => r.aaSlug === 'glm-5-2')).toMatchObject({ status: 'matched', effort: 'xhigh', method: 'effort-vocabulary' });

    const broken = path.join(cwd, 'broken.json');
    writeFileSync(broken, '{\n  "version": 1,\n  "vocabularies": [{ "family": "X" }]\n}');
    const refused = await runCli(['match', '--summary'], { cwd, env: { PARETO_EFFORT_VOCABULARIES: broken } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${broken}:3: vocabularies[0].models: required`);
  });
});
