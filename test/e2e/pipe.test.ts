import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliClosingStdout } from '../support/run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-pipe-'));
  expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
  // A second version, so diff has something to print.
  expect((await runCli(['publish', '--force'], { cwd, env: { PARETO_TIER_BANDS: '90,80,40' } })).code).toBe(0);
});

// Every command that prints, text and JSON (update last but one: it publishes nothing new).
const COMMANDS: string[][] = [
  ['--help'],
  ['--version'],
  ['completion', 'bash'],
  ['shortlist'],
  ['shortlist', '--json'],
  ['shortlist', '--versions'],
  ['match'],
  ['match', '--json'],
  ['diff', '1', '2'],
  ['diff', '1', '2', '--json'],
  ['resolve'],
  ['resolve', '--json'],
  ['runs'],
  ['runs', '--json'],
  ['status'],
  ['status', '--json'],
  ['jobs', 'list'],
  ['publish', '--dry-run'],
  ['prune', '--dry-run'],
  ['sync', '--sample'],
  ['update', '--sample'],
  ['update', '--sample', '--json'],
];

describe('a closed stdout (`| head -1`) ends every command quietly with exit 0', () => {
  it.each(COMMANDS.flatMap((args) => [[args, 'start'] as const, [args, 'first-chunk'] as const]))(
    'pareto %j, stdout closed at %s',
    async (args, close) => {
      const { code, stderr } = await runCliClosingStdout(args, { cwd, close, env: { PARETO_LOG_FORMAT: 'text' } });
      expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      // diff's own answer "different" is exit 1 (like diff(1)) when its output fitted in the pipe.
      expect(code).toBe(args[0] === 'diff' && close === 'first-chunk' ? 1 : 0);
    },
  );
});
