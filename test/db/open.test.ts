import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { ParetoError } from '../../src/errors.js';

describe('openDatabase', () => {
  it('creates the file and its folder, applies the migrations, and sets the pragmas', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-db-'));
    const file = path.join(dir, 'nested', 'pareto.db');
    const db = openDatabase(file);
    const tables = db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['sync_runs', 'raw_responses', 'aa_observations', 'openrouter_model_observations', 'openrouter_endpoint_observations', 'request_budget']),
    );
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    // Opening again applies nothing twice.
    const again = openDatabase(file);
    const applied = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThanOrEqual(1);
    again.close();
  });

  it('names the file and the fix when the path is not a database', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-db-'));
    const file = path.join(dir, 'not-a-db.db');
    writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header');
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParetoError);
    expect((error as ParetoError).code).toBe('database');
    expect((error as ParetoError).message).toContain(file);
    expect((error as ParetoError).hint).toContain('PARETO_DB');
  });
});
