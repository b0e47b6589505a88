import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpendTally, requestRecord } from '../../src/router/spend-log.js';
import { FAKE_USAGE } from '../support/fake-openrouter.js';
import { ask, startHarness, type Harness } from '../support/router-harness.js';
import { BIN, runCli } from '../support/run-cli.js';

/** `pareto spend`: the router's request lines read back, summed by client and model. */
const LINE =
  'request id=r-1 router_model=pareto-code tier=high version=3 model=b/beta effort=default attempts=1 status=200 outcome=ok client=ci sticky=false fallbacks=- ms=1.20 prompt_tokens=400 cached_tokens=300 completion_tokens=20 cost=0.0025';

describe('request lines', () => {
  it('reads a text line, a JSON line and a quoted model name; any other line is none', () => {
    const figures = { time: null, client: 'ci', model: 'b/beta', promptTokens: 400, cachedTokens: 300, completionTokens: 20, cost: 0.0025 };
    expect(requestRecord(`info ${LINE}`)).toEqual(figures);
    // A JSON line carries its time; a text line does not.
    expect(requestRecord(JSON.stringify({ level: 'info', time: '2026-12-03T10:00:00.000Z', pid: 7, msg: LINE }))).toEqual({
      ...figures,
      time: Date.UTC(2026, 11, 3, 10),
    });
    const odd = LINE.replace('model=b/beta', 'model="odd model \\"x\\""');
    expect(requestRecord(`info ${odd}`)).toMatchObject({ model: 'odd model "x"', client: 'ci' });
    // An answer that reported nothing (an error) counts as a request with no figures.
    const failed = LINE.replace(
      /prompt_tokens=\S+ cached_tokens=\S+ completion_tokens=\S+ cost=\S+/,
      'prompt_tokens=- cached_tokens=- completion_tokens=- cost=-',
    );
    expect(requestRecord(`info ${failed}`)).toEqual({
      ...figures,
      promptTokens: null,
      cachedTokens: null,
      completionTokens: null,
      cost: null,
    });
    for (const other of [
      'info listening on http://127.0.0.1:8080',
      'warn request id=r-1 failed inside the router: boom',
      '{"level":"info","msg":"serving shortlist v1"}',
      '{not json',
      '',
    ])
      expect(requestRecord(other), other).toBeNull();
  });

  it('adds up by client, by model or both, most costly first, with a total', () => {
    const lines = [
      LINE,
      LINE.replace('client=ci', 'client=alice'),
      LINE.replace('client=ci', 'client=alice').replace('model=b/beta', 'model=c/gamma').replace('cost=0.0025', 'cost=0.01'),
    ];
    const tally = (by: 'client' | 'model' | 'client,model') => {
      const t = createSpendTally(by);
      for (const l of lines) t.add(requestRecord(`info ${l}`)!);
      return t;
    };
    expect(
      tally('client')
        .rows()
        .map((r) => [r.client, r.model, r.requests, r.cost]),
    ).toEqual([
      ['alice', null, 2, 0.0125],
      ['ci', null, 1, 0.0025],
    ]);
    expect(
      tally('model')
        .rows()
        .map((r) => [r.client, r.model, r.requests, r.promptTokens]),
    ).toEqual([
      [null, 'c/gamma', 1, 400],
      [null, 'b/beta', 2, 800],
    ]);
    expect(tally('client,model').rows()).toHaveLength(3);
    expect(tally('client,model').total()).toMatchObject({ requests: 3, promptTokens: 1200, cachedTokens: 900, completionTokens: 60 });
    expect(tally('client,model').total().cost).toBeCloseTo(0.015, 12);
  });
});

describe('pareto spend on the log of a real router', () => {
  let h: Harness;
  let dir: string;
  let log: string;
  beforeAll(async () => {
    h = await startHarness({ env: { PARETO_ROUTER_KEYS: 'ci:rk-spend-ci-0123456789,alice:rk-spend-alice-0123456789' } });
    for (const [key, times] of [
      ['rk-spend-ci-0123456789', 2],
      ['rk-spend-alice-0123456789', 1],
    ] as const)
      for (let i = 0; i < times; i++) await (await h.chat(ask({ stream: i === 1 }), { authorization: `Bearer ${key}` })).text();
    await (await h.chat(ask())).text(); // no key: refused, a request line with no client
    dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-spend-'));
    log = path.join(dir, 'router.log');
    // The router's own lines, as `--json` writes them, between others.
    const json = h.log.lines.map((l) =>
      JSON.stringify({ level: 'info', time: '2026-12-03T10:00:00.000Z', pid: 1, msg: l.replace(/^info /, '') }),
    );
    writeFileSync(log, ['{"level":"info","msg":"listening"}', ...json, ''].join('\n'));
  });
  afterAll(() => h.close());

  it('sums what each named client spent, as the answers reported it', async () => {
    const run = await runCli(['spend', log, '--by', 'client', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { requests: number; rows: Array<Record<string, unknown>>; total: Record<string, number> };
    expect(out.requests).toBe(4);
    const byClient = Object.fromEntries(out.rows.map((r) => [r.client, r]));
    expect(byClient.ci).toMatchObject({
      requests: 2,
      promptTokens: 2 * FAKE_USAGE.promptTokens,
      completionTokens: 2 * FAKE_USAGE.completionTokens,
    });
    expect(byClient.ci!.cost).toBeCloseTo(2 * FAKE_USAGE.cost, 12);
    expect(byClient.alice).toMatchObject({ requests: 1, promptTokens: FAKE_USAGE.promptTokens });
    expect(byClient['-']).toMatchObject({ requests: 1, promptTokens: 0, cost: 0 });
    expect(out.total.cost).toBeCloseTo(3 * FAKE_USAGE.cost, 12);
  });

  it('prints a table with a total row, and reads standard input for -', async () => {
    const run = await runCli(['spend', log], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^client\s+model\s+requests\s+prompt tokens\s+cached\s+completion tokens\s+cost USD$/m);
    expect(run.stdout).toMatch(/^ci\s+b\/beta\s+2\s+20\s+0\s+10\s+0\.00025\s*$/m);
    expect(run.stdout).toMatch(/^total\s+4\s+30\s+0\s+15\s+0\.000375\s*$/m);
    const piped = spawnSync(process.execPath, [BIN, 'spend', '-', '--by', 'model', '--json'], {
      input: readFileSync(log),
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
    });
    expect(piped.status).toBe(0);
    expect((JSON.parse(piped.stdout.toString()) as { rows: Array<{ model: string; requests: number }> }).rows).toEqual([
      expect.objectContaining({ model: 'b/beta', requests: 3 }),
      expect.objectContaining({ model: '-', requests: 1 }),
    ]);
  });

  it('--since and --until keep the requests logged in the window, in UTC unless a time names its offset, and say how many text lines had no time', async () => {
    const at = (time: string | null, id: string, cost: number) => {
      const line = LINE.replace('id=r-1', `id=${id}`).replace('cost=0.0025', `cost=${cost}`);
      return time === null ? `info ${line}` : JSON.stringify({ level: 'info', time, pid: 1, msg: line });
    };
    const windowed = path.join(dir, 'window.log');
    writeFileSync(
      windowed,
      [
        at('2026-11-30T23:59:59.000Z', 'a', 1),
        at('2026-12-01T00:00:00.000Z', 'b', 2),
        at('2026-12-01T12:00:00.000Z', 'c', 4),
        at(null, 'd', 8),
      ].join('\n'),
    );
    const cost = async (...flags: string[]) => {
      const run = await runCli(['spend', windowed, '--json', ...flags], { cwd: dir, env: { TZ: 'Europe/Berlin' } });
      expect(run.code).toBe(0);
      return { cost: (JSON.parse(run.stdout) as { total: { cost: number } }).total.cost, stderr: run.stderr };
    };
    expect((await cost()).cost).toBe(15);
    const december = await cost('--since', '2026-12-01');
    expect(december.cost).toBe(6);
    expect(december.stderr).toContain('1 request line without a time (text logs) left out of the window');
    expect((await cost('--since', '2026-12-01', '--until', '2026-12-01T12:00')).cost).toBe(2);
    expect((await cost('--until', '2026-12-01T01:00+01:00')).cost).toBe(1);
    const bad = await runCli(['spend', windowed, '--since', 'last week'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since takes a date or an ISO time, got "last week"');
  });

  it('refuses a missing file, a bad --by and no file at all, naming the fix', async () => {
    // A file that cannot be read fails the command before any is summed.
    const missing = await runCli(['spend', log, 'nope.log'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.log (ENOENT)');
    expect(missing.stdout).toBe('');
    const folder = await runCli(['spend', '.'], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('cannot read . (not a file)');
    const by = await runCli(['spend', log, '--by', 'tier'], { cwd: dir });
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by must be one of client, model, client,model');
    const none = await runCli(['spend'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name the log file');
  });
});
