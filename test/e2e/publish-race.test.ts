import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('pareto publish losing a race', () => {
  it('exits 1 (the command ran and failed), not 2 (bad usage), and publishes nothing', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-race-'));
    expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
    const dir = path.join(cwd, 'data', 'shortlists');
    // Another publisher's version 2 appears under the name this one is about to create (a folder
    // here, so this publisher still numbers its own version 2 and finds the name taken).
    mkdirSync(path.join(dir, '2.json'));
    const lost = await runCli(['publish'], { cwd, env: { PARETO_TIER_BANDS: '90,75,40' } });
    expect(lost.stderr).toContain('2.json already exists: another publisher wrote this version first');
    expect(lost.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['1.html', '1.json', '2.json', 'latest.json']);
    const status = await runCli(['shortlist', '--json'], { cwd });
    expect((JSON.parse(status.stdout) as { version: number }).version).toBe(1);
  });
});
