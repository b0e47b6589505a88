import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

interface StatusJson {
  healthy: boolean;
  databaseExists: boolean;
  sources: Array<{ source: string; stale: boolean; lastSuccess: { runId: number } | null; lastFailure: { error: string } | null }>;
  aaRequests: { used: number; budget: number };
  shortlist: { version: number } | null;
}

describe('pareto status', () => {
  it('is healthy (exit 0) after a sync and publish, and stale (exit 1) past a max age', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-status-'));
    expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
    const fresh = await runCli(['status', '--json'], { cwd });
    expect(fresh.code).toBe(0);
    const status = JSON.parse(fresh.stdout) as StatusJson;
    expect(status).toMatchObject({ healthy: true, shortlist: { version: 1 }, aaRequests: { used: 0, budget: 100 } });
    expect(status.sources.map((s) => [s.source, s.stale])).toEqual([
      ['artificial-analysis', false],
      ['openrouter-models', false],
      ['openrouter-endpoints', false],
    ]);
    expect(
      (
        await runCli(['status', '--max-age', 'openrouter-models=3d', '--max-age', 'artificial-analysis=3d,openrouter-endpoints=3d'], {
          cwd,
        })
      ).code,
    ).toBe(0);
    const stale = await runCli(['status', '--max-age', 'openrouter-models=0s'], { cwd });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^openrouter-models\s.*STALE$/m);
    expect(stale.stdout).toContain('shortlist: version 1 published');
  });

  it('reports the last failure with its error', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-status-'));
    await runCli(['sync', '--source', 'openrouter-models'], {
      cwd,
      env: { OPENROUTER_BASE_URL: 'https://no-such-host.invalid/api/v1', PARETO_HTTP_RETRIES: '0' },
    });
    const result = await runCli(['status', '--json'], { cwd });
    expect(result.code).toBe(1);
    const models = (JSON.parse(result.stdout) as StatusJson).sources.find((s) => s.source === 'openrouter-models')!;
    expect(models.lastSuccess).toBeNull();
    expect(models.lastFailure!.error).toContain('network looks unreachable');
  });

  it('does not create a missing database, and says nothing was synced (exit 1)', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-status-'));
    const result = await runCli(['status'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('nothing has been synced yet');
    expect(result.stdout).toContain('no shortlist published yet');
    const json = await runCli(['status', '--json'], { cwd });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: false, databaseExists: false, shortlist: null });
    expect(existsSync(path.join(cwd, 'data', 'pareto.db'))).toBe(false);
  });

  it('rejects a bad --max-age with exit 2', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-status-'));
    for (const bad of ['openrouter-models=soon', 'nope=1h', '90m']) {
      const result = await runCli(['status', '--max-age', bad], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--max-age');
      expect(result.stderr).toContain(bad.split('=').at(-1));
    }
  });
});
