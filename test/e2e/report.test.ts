import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/package-root.js';
import { runCli } from '../support/run-cli.js';

const ATTRIBUTION = 'Source: Artificial Analysis (artificialanalysis.ai)';

describe('pareto report', () => {
  it('after update --sample writes the report of the latest version beside it, or where --out says', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-e2e-'));
    const shortlists = path.join(cwd, 'data', 'shortlists');
    expect((await runCli(['update', '--sample', '--no-report'], { cwd })).code).toBe(0);
    expect(readdirSync(shortlists).sort()).toEqual(['1.json', 'latest.json']);

    const text = await runCli(['report'], { cwd });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(`wrote the report of version 1 → ${path.join(shortlists, '1.html')}\n`);
    const html = readFileSync(path.join(shortlists, '1.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>pareto-router shortlist v1</title>');
    expect(html).toContain(ATTRIBUTION);
    expect(readdirSync(shortlists).sort()).toEqual(['1.html', '1.json', 'latest.json']); // no temp file left behind

    const json = await runCli(['report', '1', '--out', 'review/v1.html', '--json'], { cwd });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      version: 1,
      file: path.join(cwd, 'review', 'v1.html'),
      bytes: expect.any(Number),
      previousVersion: null,
      historyVersions: 1,
      skippedHistory: [],
    });
    expect(existsSync(path.join(cwd, 'review', 'v1.html'))).toBe(true);

    const byPath = await runCli(['report', 'data/shortlists/latest.json', '--json'], { cwd });
    expect(JSON.parse(byPath.stdout)).toMatchObject({ version: 1, file: path.join(shortlists, 'latest.html') });

    const missing = await runCli(['report', '9'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pareto report: no shortlist version "9"');
    expect(missing.stderr).toContain('versions in');

    // Nothing new to publish: no report is rewritten.
    const again = await runCli(['update', '--sample', '--json'], { cwd });
    expect(JSON.parse(again.stdout)).toMatchObject({ publish: { reason: 'unchanged' }, report: null });
  }, 60_000); // a series of CLI runs: slow on a loaded machine

  it('a report publish cannot write leaves the new version published, exits 1 and says how to write it again', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-fail-'));
    const shortlists = path.join(cwd, 'data', 'shortlists');
    execFileSync(
      process.execPath,
      [path.join(packageRoot(), 'dist', 'scripts', 'record-captures.js'), '2026-07-22', path.join(cwd, 'rec')],
      { stdio: 'pipe' },
    );
    expect((await runCli(['sync', '--from', 'rec'], { cwd })).code).toBe(0);
    // A folder where the report goes: the rename onto it fails.
    mkdirSync(path.join(shortlists, '1.html'), { recursive: true });

    const publish = await runCli(['publish'], { cwd });
    expect(publish.code).toBe(1);
    expect(publish.stdout).toContain(`published version 1 (`);
    expect(publish.stdout).toMatch(/the report of version 1 failed: cannot write \S*1\.html \(EISDIR\); the file was not replaced/);
    expect(publish.stdout).toContain('version 1 stays published; write the report with `pareto report 1`');
    expect(readdirSync(shortlists).sort()).toEqual(['1.html', '1.json', 'latest.json']);
    expect((await runCli(['shortlist', '1'], { cwd })).code).toBe(0);

    rmdirSync(path.join(shortlists, '1.html'));
    const retry = await runCli(['report', '1'], { cwd });
    expect(retry.code, retry.stderr).toBe(0);
    expect(readFileSync(path.join(shortlists, '1.html'), 'utf8')).toContain('Shortlist version 1');
  }, 60_000); // a series of CLI runs: slow on a loaded machine
});
