import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

let cwd: string;
let update: { stdout: string; stderr: string };
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-width-'));
  update = await runCli(['update', '--sample'], { cwd, env: { PARETO_LOG_FORMAT: 'text' } });
  expect((await runCli(['publish', '--force'], { cwd, env: { PARETO_TIER_BANDS: '90,80,40' } })).code).toBe(0);
  // A router log with a long model name, for `pareto spend`.
  const line = (client: string, model: string) =>
    `info request id=r router_model=pareto-code tier=high version=1 model=${model} effort=default attempts=1 status=200 outcome=ok client=${client} sticky=false fallbacks=- ms=1.00 prompt_tokens=123456 cached_tokens=100000 completion_tokens=4567 cost=0.123456`;
  writeFileSync(
    path.join(cwd, 'router.log'),
    [line('ci', 'qwen/qwen3-coder-480b-a35b-instruct-turbo-preview'), line('a-long-client-name', 'b/beta')].join('\n'),
  );
});

const longest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
const COMMANDS = [
  ['diff', '1', '2'],
  ['match'],
  ['shortlist'],
  ['shortlist', '--versions'],
  ['status'],
  ['runs'],
  ['jobs', 'list'],
  ['resolve'],
  ['sync', '--sample'],
  ['spend', 'router.log'],
];

describe('text output fits the width', () => {
  it.each(COMMANDS.flatMap((args) => [[args, 80] as const, [args, 120] as const]))('%j at COLUMNS=%i', async (args, columns) => {
    const { stdout } = await runCli(args, { cwd, env: { COLUMNS: String(columns) } });
    expect(stdout.length).toBeGreaterThan(0);
    expect(longest(stdout)).toBeLessThanOrEqual(columns);
  });

  it('off a terminal without COLUMNS, 120 columns', async () => {
    const { stdout } = await runCli(['match'], { cwd });
    expect(longest(stdout)).toBeLessThanOrEqual(120);
    expect(longest(stdout)).toBeGreaterThan(80);
  });
});

describe('update on the sample, for people', () => {
  it('does not report the Free-list fallback as a failure, says "1 request", and names the unmatched rows once', () => {
    expect(update.stderr).not.toMatch(/403/);
    expect(update.stderr).toContain('after 1 request\n');
    expect(update.stderr).not.toContain('1 requests');
    expect(update.stdout.match(/AA rows would qualify/g)).toHaveLength(1);
  });

  it('shortlist --versions shows each version’s date, hash and entry counts', async () => {
    const { stdout } = await runCli(['shortlist', '--versions'], { cwd });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^version\s+published\s+hash\s+high\s+medium\s+low\s+unmatched$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\s+1\s+\d{4}-\d\d-\d\dT\S+Z\s+[0-9a-f]{12}\s+\d+\s+\d+\s+\d+\s+\d+$/);
  });
});
