import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { ParetoError } from '../../src/errors.js';
import { packageRoot } from '../../src/util/package-root.js';

const MIGRATIONS = readdirSync(path.join(packageRoot(), 'migrations')).filter((f) => f.endsWith('.sql')).length;

describe('openDatabase', () => {
  it('creates the file and its folder, applies the migrations, and sets the pragmas', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-db-'));
    const file = path.join(dir, 'nested', 'pareto.db');
    const db = openDatabase(file);
    const tables = db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['sync_runs', 'raw_responses', 'aa_observations', 'openrouter_model_observations', 'openrouter_endpoint_observations', 'request_budget', 'leases', 'job_runs']),
    );
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    // Opening again applies nothing twice.
    const again = openDatabase(file);
    const applied = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(MIGRATIONS);
    again.close();
  });

  it('upgrades a database made before the latest migration, keeping its rows', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-db-')), 'old.db');
    const db = openDatabase(file);
    db.sqlite.prepare("insert into leases (name, holder, acquired_at, expires_at) values ('pipeline', 'old:1', 'a', 'b')").run();
    // Back to what the previous release left: no job_runs, its migration not recorded.
    db.sqlite.exec('drop table job_runs; delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)');
    db.close();
    const upgraded = openDatabase(file);
    expect(upgraded.sqlite.prepare("select count(*) as n from sqlite_master where name = 'job_runs'").get()).toEqual({ n: 1 });
    expect(upgraded.sqlite.prepare('select holder from leases').all()).toEqual([{ holder: 'old:1' }]);
    expect(upgraded.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: MIGRATIONS });
    upgraded.close();
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
