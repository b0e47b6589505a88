import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

interface Summary {
  ok: boolean;
  mode: string;
  database: string;
  sources: Array<{
    source: string;
    status: string;
    rows: number;
    rowsNew: number;
    rowsChanged: number;
    rowsUnchanged: number;
    runId: number;
  }>;
}

describe('pareto sync --sample in a fresh directory', () => {
  it('creates the database, stores every sample row, and finds nothing changed on the second run', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-e2e-'));
    const first = await runCli(['sync', '--sample', '--json'], { cwd });
    expect(first.stderr).not.toMatch(/error|Error:/);
    expect(first.code).toBe(0);
    const one = JSON.parse(first.stdout) as Summary;
    expect(one.ok).toBe(true);
    expect(one.mode).toBe('replay');
    expect(one.database).toBe(path.join(cwd, 'data', 'pareto.db'));
    expect(existsSync(one.database)).toBe(true);
    expect(one.sources.map((s) => s.source)).toEqual(['artificial-analysis', 'openrouter-models', 'openrouter-endpoints']);
    for (const s of one.sources) {
      expect(s.status).toBe('success');
      expect(s.rows).toBeGreaterThan(0);
      expect(s.rowsNew).toBe(s.rows);
    }

    const second = await runCli(['sync', '--sample', '--json'], { cwd });
    expect(second.code).toBe(0);
    const two = JSON.parse(second.stdout) as Summary;
    for (const [i, s] of two.sources.entries()) {
      expect(s.rowsUnchanged).toBe(one.sources[i]!.rows);
      expect(s.rowsNew + s.rowsChanged).toBe(0);
    }

    // History is append-only: both runs' rows are there.
    const db = new Database(one.database, { readonly: true });
    const runs = db.prepare('select source, status, rows_stored from sync_runs order by id').all() as Array<{
      source: string;
      status: string;
      rows_stored: number;
    }>;
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.status === 'success')).toBe(true);
    const aaRows = db.prepare('select count(*) as n from aa_observations').get() as { n: number };
    expect(aaRows.n).toBe(2 * one.sources[0]!.rows);
    db.close();
  });

  it('exports recorded runs and replays them with --from into another database', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-e2e-'));
    expect((await runCli(['sync', '--sample'], { cwd })).code).toBe(0);
    const exported = await runCli(['runs', 'export', '1', '2', '3', '--out', 'recorded', '--json'], { cwd });
    expect(exported.code, exported.stderr).toBe(0);
    expect((JSON.parse(exported.stdout) as { exported: unknown[] }).exported).toHaveLength(3);
    const replay = await runCli(['sync', '--from', 'recorded', '--db', 'other.db', '--json'], { cwd });
    expect(replay.code, replay.stderr).toBe(0);
    const original = await runCli(['runs', '--json'], { cwd });
    const rows = (JSON.parse(original.stdout) as Array<{ source: string; rowsStored: number }>).reverse();
    const replayed = JSON.parse(replay.stdout) as Summary;
    expect(replayed.sources.map((s) => [s.source, s.rows])).toEqual(rows.map((r) => [r.source, r.rowsStored]));
  });

  it('prints a readable summary table without --json', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-e2e-'));
    const result = await runCli(['sync', '--sample'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^source\s+status\s+rows\s+new\s+changed\s+unchanged/m);
    expect(result.stdout).toMatch(/^artificial-analysis\s+success\s+\d+/m);
    expect(result.stdout).toContain(`database: ${path.join(cwd, 'data', 'pareto.db')}`);
    // Not a terminal: plain progress lines on stderr.
    expect(result.stderr).toContain('sync openrouter-models: success');
  });

  it('rejects bad flags with exit 2 and a message naming the flag', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-e2e-'));
    const result = await runCli(['sync', '--sample', '--source', 'nope'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown source "nope"');
    const unknown = await runCli(['sync', '--frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--frobnicate');
  });
});
