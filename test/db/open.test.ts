import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { ParetoError } from '../../src/errors.js';
import { insertObservations, readObservations } from '../../src/db/queries/observations.js';
import { packageRoot } from '../../src/util/package-root.js';
import { fakeOr } from '../support/match-records.js';
import { OPENROUTER_MODEL_RECORDS } from '../../src/sources/openrouter-models/index.js';

const MIGRATIONS = readdirSync(path.join(packageRoot(), 'migrations')).filter((f) => f.endsWith('.sql')).length;

describe('openDatabase', () => {
  it('creates the file and its folder, applies the migrations, and sets the pragmas', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-db-'));
    const file = path.join(dir, 'nested', 'pareto.db');
    const db = openDatabase(file);
    const tables = db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'sync_runs',
        'raw_responses',
        'aa_observations',
        'openrouter_model_observations',
        'openrouter_endpoint_observations',
        'request_budget',
        'leases',
        'job_runs',
      ]),
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

  it('upgrades a database made before the latest migrations, keeping its rows', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-db-')), 'old.db');
    const db = openDatabase(file);
    db.sqlite.prepare("insert into leases (name, holder, acquired_at, expires_at) values ('pipeline', 'old:1', 'a', 'b')").run();
    db.sqlite
      .prepare(
        "insert into sync_runs (id, source, mode, status, started_at) values (1, 'openrouter-models', 'live', 'success', '2026-08-22T00:00:00.000Z')",
      )
      .run();
    // A record as releases before 0003 stored it: no reasoning.default_enabled, no supports_max_tokens.
    const {
      reasoningDefaultEnabled: _enabled,
      reasoningSupportsMaxTokens: _budget,
      ...oldRecord
    } = fakeOr({ modelId: 'acme/model-1', supportedEfforts: ['high', 'low'], defaultEffort: 'high' });
    db.sqlite
      .prepare("insert into openrouter_model_observations (run_id, key, hash, record) values (1, 'acme/model-1', 'h', ?)")
      .run(JSON.stringify(oldRecord));
    // Back to what the release before 0002 left: no job_runs, no reasoning columns, neither migration recorded.
    db.sqlite.exec(`drop table job_runs;
      alter table openrouter_model_observations drop column reasoning_mandatory;
      alter table openrouter_model_observations drop column reasoning_default_enabled;
      alter table openrouter_model_observations drop column reasoning_default_effort;
      alter table openrouter_model_observations drop column reasoning_supported_efforts;
      delete from __drizzle_migrations where created_at in (select created_at from __drizzle_migrations order by created_at desc limit 2)`);
    db.close();
    const upgraded = openDatabase(file);
    expect(upgraded.sqlite.prepare("select count(*) as n from sqlite_master where name = 'job_runs'").get()).toEqual({ n: 1 });
    const columns = (upgraded.sqlite.prepare('pragma table_info(openrouter_model_observations)').all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
    expect(columns).toEqual(
      expect.arrayContaining([
        'reasoning_mandatory',
        'reasoning_default_enabled',
        'reasoning_default_effort',
        'reasoning_supported_efforts',
      ]),
    );
    expect(upgraded.sqlite.prepare('select holder from leases').all()).toEqual([{ holder: 'old:1' }]);
    expect(upgraded.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: MIGRATIONS });
    // The old row is kept and reads back with the new fields null ("not said"), not undefined.
    const [record] = readObservations(upgraded.orm, OPENROUTER_MODEL_RECORDS, 1);
    expect(record).toMatchObject({
      modelId: 'acme/model-1',
      supportedEfforts: ['high', 'low'],
      reasoningDefaultEnabled: null,
      reasoningSupportsMaxTokens: null,
    });
    upgraded.close();
  });

  it('stores the reasoning settings of a model in typed columns next to the record', () => {
    const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-db-')), 'new.db'));
    db.sqlite
      .prepare(
        "insert into sync_runs (id, source, mode, status, started_at) values (1, 'openrouter-models', 'live', 'success', '2026-08-22T00:00:00.000Z')",
      )
      .run();
    const record = fakeOr({
      modelId: 'acme/model-1',
      supportedEfforts: ['xhigh', 'high'],
      defaultEffort: 'high',
      reasoningMandatory: false,
      reasoningDefaultEnabled: false,
      reasoningSupportsMaxTokens: true,
    });
    insertObservations(db.orm, OPENROUTER_MODEL_RECORDS, 1, [{ key: record.modelId, hash: 'h', record }]);
    expect(
      db.sqlite
        .prepare(
          'select reasoning_mandatory as m, reasoning_default_enabled as e, reasoning_default_effort as d, reasoning_supported_efforts as s from openrouter_model_observations',
        )
        .get(),
    ).toEqual({ m: 0, e: 0, d: 'high', s: '["xhigh","high"]' });
    expect(readObservations(db.orm, OPENROUTER_MODEL_RECORDS, 1)).toEqual([record]);
    db.close();
  });

  it('several real processes opening one new database at once all get it migrated, once', async () => {
    // Two schedulers started together on a new file: drizzle reads which migrations are applied
    // before its transaction begins, so the later one used to run them again and fail ("table
    // already exists"). Eight processes, five rounds: with that race left in, a round fails.
    const script = `
      const { openDatabase } = await import(${JSON.stringify(path.join(packageRoot(), 'dist', 'src', 'db', 'open.js'))});
      openDatabase(process.argv[1]).close();`;
    const open = (file: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(err))));
      });
    for (let round = 0; round < 5; round++) {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-open-race-')), 'p.db');
      // Every process ends before the round is judged, so a failing round leaves none running.
      const opened = await Promise.allSettled(Array.from({ length: 8 }, () => open(file)));
      expect(opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
      const db = openDatabase(file);
      const applied = db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
      expect(applied.n).toBe(readdirSync(path.join(packageRoot(), 'migrations')).filter((f) => f.endsWith('.sql')).length);
      db.close();
    }
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
