import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

let dir: string;
let bashScript: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-completion-'));
  const { code, stdout } = await runCli(['completion', 'bash'], { cwd: dir });
  expect(code).toBe(0);
  bashScript = path.join(dir, 'pareto.bash');
  writeFileSync(bashScript, stdout);
});

/** What bash completes for the words typed so far (the last one being completed). */
function complete(...words: string[]): string[] {
  const shellWords = words.map((w) => `'${w}'`).join(' ');
  const script = `source '${bashScript}'; COMP_WORDS=(pareto ${shellWords}); COMP_CWORD=${words.length}; _pareto; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

const hasZsh = spawnSync('zsh', ['--version']).status === 0;

describe('pareto completion', () => {
  it('prints a valid bash script', () => {
    const result = spawnSync('bash', ['-n', bashScript], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('completes a command prefix, flags of that command and sub-commands', () => {
    expect(complete('sho')).toEqual(['shortlist']);
    expect(complete('s').sort()).toEqual(['serve', 'shortlist', 'spend', 'status', 'sync']);
    expect(complete('shortlist', '--ver')).toEqual(['--versions']);
    expect(complete('resolve', '--max')).toEqual(['--max-price']);
    expect(complete('jobs', 'st')).toEqual(['start']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', '--help']);
    // Only the command's own flags: sync has no --force.
    expect(complete('sync', '--fo')).toEqual([]);
  });

  it.skipIf(!hasZsh)('prints a zsh script zsh accepts (skipped without zsh)', async () => {
    const { code, stdout } = await runCli(['completion', 'zsh'], { cwd: dir });
    expect(code).toBe(0);
    const file = path.join(dir, '_pareto');
    writeFileSync(file, stdout);
    const result = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('names the shells it knows for anything else', async () => {
    const { code, stderr } = await runCli(['completion', 'fish'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('name a shell, bash or zsh, not "fish"');
  });
});
