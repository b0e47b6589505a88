import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const fresh = (name: string) => mkdtempSync(path.join(os.tmpdir(), `pareto-${name}-`));

describe('read-only commands in an empty directory', () => {
  it.each([
    [['runs'], 1],
    [['runs', 'export', '1', '--out', 'x'], 1],
    [['match'], 1],
    [['shortlist'], 1],
    [['shortlist', '--versions'], 0],
    [['resolve'], 1],
    [['diff', '1', '2'], 1],
    [['jobs', 'list'], 0],
    [['status'], 1],
  ])('%j creates no file or folder (exit %i) and says to run pareto update', async (args, exit) => {
    const cwd = fresh('empty');
    const { code, stdout, stderr } = await runCli(args, { cwd });
    expect(code).toBe(exit);
    expect(readdirSync(cwd)).toEqual([]);
    if (exit === 1 && args[0] !== 'status') {
      expect(stderr).toContain('run `pareto update`');
      expect(stderr).not.toContain('pareto publish');
    }
    expect(stdout + stderr).not.toMatch(/\n\s+at /);
  });

  it('with a database but nothing published, says to run pareto publish', async () => {
    const cwd = fresh('unpublished');
    expect((await runCli(['sync', '--sample'], { cwd })).code).toBe(0);
    const { code, stderr } = await runCli(['resolve'], { cwd });
    expect(code).toBe(1);
    expect(stderr).toContain('run `pareto publish`');
  });
});

describe('--shortlists DIR', () => {
  it('publishes into and reads from its own folder only, like PARETO_SHORTLISTS', async () => {
    const cwd = fresh('shortlists');
    const own = ['--db', 'mine.db', '--shortlists', 'mine'];
    expect((await runCli(['update', '--sample', ...own], { cwd })).code).toBe(0);
    expect(readdirSync(path.join(cwd, 'mine')).sort()).toEqual(['1.html', '1.json', 'latest.json']);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
    // A second, independent set: its own version 1, the first one untouched.
    expect(
      (await runCli(['update', '--sample', '--db', 'other.db', '--shortlists', 'other'], { cwd, env: { PARETO_TIER_BANDS: '90,80,40' } }))
        .code,
    ).toBe(0);
    const first = JSON.parse((await runCli(['shortlist', '--json', '--shortlists', 'mine'], { cwd })).stdout) as {
      version: number;
      contentHash: string;
    };
    const second = JSON.parse((await runCli(['shortlist', '--json', '--shortlists', 'other'], { cwd })).stdout) as {
      version: number;
      contentHash: string;
    };
    expect([first.version, second.version]).toEqual([1, 1]);
    expect(first.contentHash).not.toBe(second.contentHash);
    for (const args of [
      ['resolve', '--shortlists', 'mine'],
      ['diff', '1', '1', '--shortlists', 'mine'],
      ['status', ...own, '--json'],
      ['publish', '--dry-run', ...own],
    ]) {
      const { code, stderr } = await runCli(args, { cwd });
      expect({ args, stderr, ok: code === 0 || (args[0] === 'status' && code === 1) }).toMatchObject({ ok: true });
    }
    // Nothing there: the flag is honoured, not silently replaced by the default folder.
    const empty = await runCli(['resolve', '--shortlists', 'nowhere'], { cwd });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(path.join(cwd, 'nowhere'));
  });
});

describe('status on a database it may only read', () => {
  it('reads it without writing (read-only bind mount; skipped where mounting is not allowed)', async (ctx) => {
    const cwd = fresh('ro');
    expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
    const ro = path.join(cwd, 'ro');
    mkdirSync(ro);
    try {
      execFileSync('mount', ['--bind', path.join(cwd, 'data'), ro], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', ro], { stdio: 'ignore' });
    } catch {
      // The bind may have worked and the read-only remount not: undo it before skipping.
      spawnSync('umount', [ro], { stdio: 'ignore' });
      ctx.skip(); // needs root and mount(8): not available here
      return;
    }
    try {
      const { code, stdout, stderr } = await runCli(
        ['status', '--json', '--db', path.join(ro, 'pareto.db'), '--shortlists', path.join(ro, 'shortlists')],
        { cwd },
      );
      expect(stderr).not.toContain('cannot');
      expect([0, 1]).toContain(code);
      const status = JSON.parse(stdout) as { databaseExists: boolean; sources: Array<{ source: string; lastSuccess: unknown }> };
      expect(status.databaseExists).toBe(true);
      expect(status.sources.find((s) => s.source === 'openrouter-models')?.lastSuccess).not.toBeNull();
    } finally {
      execFileSync('umount', [ro]);
    }
  });
});
