import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-input-'));
  expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
});

describe('CLI input is checked before anything runs', () => {
  it.each([
    [['sync', '--sample', 'extra'], 'unexpected argument "extra"'],
    [['shortlist', '1', '2'], 'unexpected argument "2"'],
    [['update', '--sample', 'now'], 'unexpected argument "now"'],
    [['status', 'x', 'y'], 'unexpected arguments "x" "y"'],
    [['sync', '--sample', '--source', ''], '--source: no source named'],
    [['sync', '--sample', '--source='], '--source: no source named'],
    [['runs', '--source', 'nope'], '--source: unknown source "nope"'],
    [['runs', '--limit', '99999999999999999999999'], '--limit must be at most 1000000, got 99999999999999999999999'],
    [['runs', '--limit', '-3'], '--limit needs a value'],
    [['resolve', '--price-source', 'blended'], '--price-source only applies with --max-price'],
  ])('%j exits 2: %s', async (args, message) => {
    const before = await runCli(['runs', '--json'], { cwd });
    const { code, stderr } = await runCli(args, { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    // Nothing ran: no new sync run was recorded.
    expect((await runCli(['runs', '--json'], { cwd })).stdout).toBe(before.stdout);
  });

  it('the sync flags are validated before the database is opened', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'pareto-input-empty-'));
    expect((await runCli(['runs', '--source', 'nope'], { cwd: empty })).code).toBe(2);
    expect(readdirSync(empty)).toEqual([]);
  });
});
