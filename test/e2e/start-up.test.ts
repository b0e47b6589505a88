import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/run-cli.js';

const RECORDER = path.join(import.meta.dirname, '..', 'support', 'record-modules.mjs');

let cwd: string;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-start-'));
  expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
});

/** The npm packages a run of the real binary loads (ES modules and CommonJS alike). */
function packagesLoaded(
  args: readonly string[],
): Promise<{ code: number | null; packages: string[]; ownModules: number; sourceModules: string[] }> {
  const file = path.join(cwd, `modules-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RECORDER, BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, PARETO_RECORD_MODULES: file },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const packages = [
        ...new Set(lines.map((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(l)?.[1]).filter((p): p is string => p !== undefined)),
      ].sort();
      const own = [...new Set(lines.filter((l) => l.includes('/dist/src/')))];
      const sourceModules = own.filter((l) => l.includes('/dist/src/sources/')).map((l) => l.slice(l.indexOf('/dist/src/') + 10));
      resolve({ code, packages, ownModules: own.length, sourceModules });
    });
  });
}

describe('each command loads only the dependencies it uses', () => {
  it.each([[['--help']], [['--version']], [['resolve', '--help']], [['sync', '--help']], [['shortlst']], [['completion', 'bash']]])(
    '%j loads no dependency at all',
    async (args) => {
      const { packages, ownModules } = await packagesLoaded(args);
      expect(packages).toEqual([]);
      // The recorder works: it saw the CLI's own modules.
      expect(ownModules).toBeGreaterThan(3);
    },
  );

  it.each([[['resolve']], [['resolve', '--json']], [['shortlist']], [['diff', '1', '1']]])(
    '%j loads zod (artifact validation) and nothing else, and no source module but the id list',
    async (args) => {
      const { code, packages, sourceModules } = await packagesLoaded(args);
      expect(code).toBe(0);
      expect(packages).toEqual(['zod']);
      expect(sourceModules).toEqual(['sources/source-ids.js']);
    },
  );

  it.each([[['runs']], [['status']], [['match']]])('%j loads the database but no HTTP or HTML library and no logger', async (args) => {
    const { code, packages } = await packagesLoaded(args);
    expect(code).toBe(0);
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'drizzle-orm']));
    expect(packages.filter((p) => ['got', 'cheerio', 'undici', 'node-cron'].includes(p))).toEqual([]);
  });
});

describe('a replayed sync', () => {
  it('loads no HTTP client (got is for live syncs)', async () => {
    const { code, packages } = await packagesLoaded(['sync', '--sample']);
    expect(code).toBe(0);
    expect(packages).toContain('better-sqlite3');
    expect(packages).not.toContain('got');
    // The HTML parser is for the opt-in leaderboard source only (its own tests run it through fetch).
    expect(packages).not.toContain('cheerio');
  });
});
