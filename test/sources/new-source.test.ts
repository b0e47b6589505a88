import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { readObservations } from '../../src/db/queries/observations.js';
import type { Fetcher, HttpRequest } from '../../src/http/types.js';
import { syncSources, type SyncDeps, type SyncOptions } from '../../src/pipeline/sync.js';
import { SOURCES } from '../../src/sources/registry.js';
import type { RecordStore, Source } from '../../src/sources/types.js';
import { memoryLogger } from '../support/source-context.js';

// A source that exists only here. Nothing under src/ knows about it: its record kind joins the
// shared map by augmentation, its table comes from a "migration" run below, and it reaches the
// sync through a registry of its own. If the sync, the comparison or the queries still branched
// on source ids or record kinds, its records would not be stored, keyed or read back.

interface WidgetRecord {
  readonly sku: string;
  readonly name: string;
  readonly price: number | null;
  readonly discontinued: boolean;
}

declare module '../../src/domain/records.js' {
  interface RecordKinds {
    'test-widget': WidgetRecord;
  }
}

const MIGRATION = `
  create table widget_observations (
    run_id integer not null references sync_runs(id) on delete cascade,
    key text not null,
    hash text not null,
    record text not null,
    name text not null,
    price real,
    discontinued integer not null,
    primary key (run_id, key)
  )`;

const WIDGET_RECORDS: RecordStore<'test-widget'> = {
  kind: 'test-widget',
  table: 'widget_observations',
  naturalKey: (r) => r.sku.toLowerCase(),
  columns: (r) => ({ name: r.name, price: r.price, discontinued: r.discontinued }),
};

/** What the fake shop answers: a JSON list of widgets, changed by the test between syncs. */
let catalogue: WidgetRecord[] = [];
const asked: HttpRequest[] = [];
const shop: Fetcher = {
  async get(request) {
    request.beforeAttempt?.();
    asked.push(request);
    const response = { url: request.url, status: 200, headers: {}, body: JSON.stringify(catalogue) };
    request.onResponse?.(response);
    return response;
  },
};

function widgetSource(extra: Partial<Source<'test-widget'>> = {}): Source<'test-widget'> {
  return {
    id: 'widgets',
    kind: 'test-widget',
    title: 'A widget shop (test only)',
    optIn: true,
    records: WIDGET_RECORDS,
    maxAgeSeconds: 3600,
    async fetch(ctx) {
      const ids = ctx.modelIds ?? ['all'];
      let records: WidgetRecord[] = [];
      for (const id of ids) {
        const response = await ctx.http.get({
          url: `https://widgets.invalid/${id}`,
          beforeAttempt: () => ctx.budget.spend(),
          onResponse: (r) => ctx.budget.observe(r.headers),
        });
        records = JSON.parse(response.body) as WidgetRecord[];
      }
      return { kind: 'test-widget', records, dropped: [], meta: { requested: ids.length } };
    },
    ...extra,
  };
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  asked.length = 0;
});

function setup(source: Source, env: Record<string, string> = {}) {
  db = openDatabase(':memory:');
  db.sqlite.exec(MIGRATION);
  const deps: SyncDeps = { config: loadConfig(env), db, log: memoryLogger(), registry: [...SOURCES, source] };
  const options: SyncOptions = { mode: { kind: 'live', http: shop }, sources: [source.id] };
  return { db, deps, options, sync: (more: Partial<SyncOptions> = {}) => syncSources(deps, { ...options, ...more }) };
}

const typedColumns = (db: Db, runId: number) =>
  db.sqlite.prepare('select key, name, price, discontinued from widget_observations where run_id = ? order by key').all(runId);

describe('a source added without changing src/', () => {
  it('is synced, stored with its typed columns, compared with its previous run and read back', async () => {
    const { db, sync } = setup(widgetSource());
    catalogue = [
      { sku: 'W-1', name: 'Sprocket', price: 2.5, discontinued: false },
      { sku: 'W-2', name: 'Gear', price: null, discontinued: true },
    ];
    const first = await sync();
    expect(first.ok).toBe(true);
    expect(first.sources[0]).toMatchObject({ source: 'widgets', status: 'success', rows: 2, rowsNew: 2, rowsRemoved: 0 });
    const firstRun = first.sources[0]!.runId!;
    expect(typedColumns(db, firstRun)).toEqual([
      { key: 'w-1', name: 'Sprocket', price: 2.5, discontinued: 0 },
      { key: 'w-2', name: 'Gear', price: null, discontinued: 1 },
    ]);

    catalogue = [
      { sku: 'W-1', name: 'Sprocket', price: 2.5, discontinued: false },
      { sku: 'w-2', name: 'Gear', price: 4, discontinued: false },
      { sku: 'W-3', name: 'Cog', price: 1, discontinued: false },
    ];
    const second = await sync();
    // Its natural key (the lower-cased SKU) decides what counts as the same widget.
    expect(second.sources[0]).toMatchObject({ status: 'success', rowsNew: 1, rowsChanged: 1, rowsUnchanged: 1, rowsRemoved: 0 });
    expect(readObservations(db.orm, WIDGET_RECORDS, second.sources[0]!.runId!).map((r) => r.sku)).toEqual(['W-1', 'w-2', 'W-3']);
    expect(readObservations(db.orm, WIDGET_RECORDS, firstRun)).toEqual([
      { sku: 'W-1', name: 'Sprocket', price: 2.5, discontinued: false },
      { sku: 'W-2', name: 'Gear', price: null, discontinued: true },
    ]);

    catalogue = [{ sku: 'W-3', name: 'Cog', price: 1, discontinued: false }];
    const third = await sync({ dryRun: true });
    expect(third.sources[0]).toMatchObject({ status: 'success', runId: null, rowsUnchanged: 1, rowsRemoved: 2, rowsStored: 0 });
  });

  it('is skipped in a live sync while the key it declares is not set, and runs once it is', async () => {
    // It borrows AA's key: a key of its own would be one more field read by src/config.ts.
    const source = widgetSource({
      requiresKey: { env: 'AA_API_KEY', isSet: (config) => Boolean(config.aaApiKey), meanwhile: 'no widgets today' },
    });
    catalogue = [{ sku: 'W-1', name: 'Sprocket', price: 2.5, discontinued: false }];
    const without = await setup(source).sync();
    expect(without.sources[0]).toMatchObject({ status: 'skipped', error: 'AA_API_KEY is not set: skipped; no widgets today' });
    expect(asked).toEqual([]);
    db!.close();
    const withKey = await setup(source, { AA_API_KEY: 'aa-key-for-tests-000' }).sync();
    expect(withKey.sources[0]).toMatchObject({ status: 'success', rows: 1 });
  });

  it('has the daily request budget it declares kept in the database, and gets the model ids it asks for', async () => {
    const { db, sync } = setup(widgetSource({ dailyRequestBudget: () => 2, modelIds: { listedBy: 'gadgets', recorded: () => [] } }));
    catalogue = [{ sku: 'W-1', name: 'Sprocket', price: 2.5, discontinued: false }];
    const first = await sync({ modelIds: ['a', 'b'] });
    expect(first.sources[0]).toMatchObject({ status: 'success', meta: { requested: 2 } });
    expect(asked.map((r) => r.url)).toEqual(['https://widgets.invalid/a', 'https://widgets.invalid/b']);
    expect(db.sqlite.prepare('select source, used from request_budget').all()).toEqual([{ source: 'widgets', used: 2 }]);
    const over = await sync({ modelIds: ['c'] });
    expect(over.sources[0]).toMatchObject({ status: 'failed', errorCode: 'budget' });
    expect(over.sources[0]!.error).toMatch(/^widgets: daily request budget spent \(2 of 2 requests used/);
  });
});
