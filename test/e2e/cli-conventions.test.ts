import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/package-root.js';
import { runCli } from '../support/run-cli.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-conventions-'));
});

const { version } = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

describe('pareto CLI conventions', () => {
  it.each([['--version'], ['-v'], ['version']])('%s prints the package version', async (flag) => {
    const { code, stdout } = await runCli([flag], { cwd });
    expect(code).toBe(0);
    expect(stdout).toBe(`pareto ${version}\n`);
  });

  it('suggests the command meant by a typo, without the whole usage', async () => {
    const { code, stderr } = await runCli(['shortlst'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toBe('pareto: unknown command "shortlst"; did you mean `pareto shortlist`?\n');
  });

  it('prints the usage for an unknown command with no close match', async () => {
    const { code, stderr } = await runCli(['deploy'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "deploy"');
    expect(stderr).toContain('usage: pareto <command>');
  });

  it('suggests the flag meant by a typo', async () => {
    const { code, stderr } = await runCli(['shortlist', '--verions'], { cwd });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('pareto shortlist: unknown flag --verions (did you mean --versions?)');
  });

  it('pareto help COMMAND prints that command’s help', async () => {
    const { code, stdout } = await runCli(['help', 'diff'], { cwd });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pareto diff A B/);
  });

  it('--json errors carry the hint in its own field', async () => {
    const { code, stdout } = await runCli(['diff', '1', '--json'], { cwd });
    expect(code).toBe(2);
    const { error } = JSON.parse(stdout) as { error: { code: string; message: string; hint?: string } };
    expect(error.code).toBe('usage');
    expect(error.message).toBe('pareto diff takes two versions, got 1');
    expect(error.hint).toContain('pareto diff previous latest');
  });

  it('rejects an invalid PARETO_LOG_FORMAT like other configuration', async () => {
    const { code, stderr } = await runCli(['status'], { cwd, env: { PARETO_LOG_FORMAT: 'yaml' } });
    expect(code).toBe(2);
    expect(stderr).toContain('PARETO_LOG_FORMAT must be "text" or "json", got "yaml"');
  });

  it('refuses a base URL that would send an API key in the clear or carries credentials of its own, without printing them', async () => {
    const plain = await runCli(['status'], { cwd, env: { OPENROUTER_BASE_URL: 'http://openrouter.ai/api/v1' } });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('OPENROUTER_BASE_URL must be an https URL');
    expect(plain.stderr).toContain('got "http://openrouter.ai/api/v1"');
    const inside = await runCli(['status'], { cwd, env: { AA_BASE_URL: 'https://me:s3cret-pw@artificialanalysis.ai' } });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('AA_BASE_URL must not carry a user name or password');
    expect(inside.stderr).not.toContain('s3cret-pw');
    // A server on this machine (a fixture, a local mirror) may be plain http.
    for (const local of ['http://127.0.0.1:9/api/v1', 'http://localhost:9', 'http://[::1]:9'])
      expect((await runCli(['status'], { cwd, env: { OPENROUTER_BASE_URL: local } })).stderr).not.toContain('OPENROUTER_BASE_URL');
  });
});
