import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { openDatabaseReadOnly } from '../../src/db/open-read-only.js';
import { packageRoot } from '../../src/util/package-root.js';

const KNOWN = readdirSync(path.join(packageRoot(), 'migrations')).filter((f) => f.endsWith('.sql')).length;

function database(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-schema-')), 'pareto.db');
  openDatabase(file).close();
  return file;
}

describe('schema version', () => {
  it('refuses a database migrated by a newer release, naming its version', () => {
    const file = database();
    const db = openDatabase(file);
    db.sqlite
      .prepare(
        "insert into __drizzle_migrations (hash, created_at) values ('from-the-future', (select max(created_at) from __drizzle_migrations) + 1000)",
      )
      .run();
    db.close();
    const expected = `has schema version ${KNOWN + 1}`;
    expect(() => openDatabase(file)).toThrow(expected);
    expect(() => openDatabase(file)).toThrow(`newer than this pareto-router knows (version ${KNOWN}`);
    expect(() => openDatabaseReadOnly(file)).toThrow(expected);
  });

  it('a read-only open does not upgrade an older database, and says what to run', () => {
    const file = database();
    const db = openDatabase(file);
    // Back to what the previous release left: no reasoning columns, their migration not recorded.
    for (const column of ['reasoning_mandatory', 'reasoning_default_enabled', 'reasoning_default_effort', 'reasoning_supported_efforts']) {
      db.sqlite.exec(`alter table openrouter_model_observations drop column ${column}`);
    }
    db.sqlite.exec('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)');
    db.close();
    const before = statSync(file).mtimeMs;
    expect(() => openDatabaseReadOnly(file)).toThrow(
      /schema version \d+, older than this pareto-router \(version \d+\), and a read-only command does not upgrade it/,
    );
    expect(statSync(file).mtimeMs).toBe(before);
    // A writing open upgrades it as before.
    openDatabase(file).close();
    openDatabaseReadOnly(file).close();
  });

  it('a read-only open of a missing file creates nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-schema-'));
    expect(() => openDatabaseReadOnly(path.join(dir, 'none', 'pareto.db'))).toThrow('cannot read the database');
    expect(readdirSync(dir)).toEqual([]);
  });
});
