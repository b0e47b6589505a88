import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { ParetoError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import * as schema from './schema.js';
import { isBusy, retryWhileBusy } from './busy-retry.js';
import { checkSchemaVersion } from './schema-version.js';

// With the client it wraps, for the few hot statements that run on better-sqlite3 directly.
export type Orm = BetterSQLite3Database<typeof schema> & { readonly $client: Database.Database };

export interface Db {
  readonly orm: Orm;
  readonly sqlite: Database.Database;
  readonly file: string;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas in one place and applies the
 * committed migrations. `:memory:` gives a private database for tests.
 */
export function openDatabase(file: string): Db {
  let sqlite: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
    // The busy timeout lets two processes share the file without "database is locked" on every
    // overlap. It goes first: switching to WAL takes a lock too, and two schedulers starting at
    // once on a new file would otherwise fail right there. WAL lets readers (status, curation)
    // work while a sync writes.
    sqlite.pragma('busy_timeout = 5000');
    retryWhileBusy(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new ParetoError('database', `cannot open the database at ${file}: ${(error as Error).message}`, {
      hint: isBusy(error)
        ? 'another process kept the database locked for over 10 s; try again, or check what holds it'
        : 'check PARETO_DB points to a writable file path',
      cause: error,
    });
  }
  const orm = drizzle(sqlite, { schema });
  try {
    retryWhileBusy(() => checkSchemaVersion(sqlite, file));
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const migrationsFolder = path.join(packageRoot(), 'migrations');
  try {
    // In its own transaction: a busy answer leaves nothing applied, and the next try starts over.
    retryWhileBusy(() => migrate(orm, { migrationsFolder }));
  } catch (error) {
    // Another process opening the same new file may have applied them all first (see fullyMigrated).
    if (isBusy(error) || !fullyMigrated(sqlite, migrationsFolder)) {
      sqlite.close();
      throw new ParetoError('database', `cannot migrate the database at ${file}: ${(error as Error).message}`, {
        hint: 'the file may belong to another program or a newer version of this tool; point PARETO_DB elsewhere',
        cause: error,
      });
    }
  }
  return { orm, sqlite, file, close: () => sqlite.close() };
}

/**
 * Whether another process applied every migration. Drizzle reads which migrations are applied
 * before its transaction begins, so when several processes open a new file at once (two
 * schedulers started together) one can apply them in between; the others' transactions then
 * fail on a table that now exists, and are rolled back whole. The database is as it should be.
 */
function fullyMigrated(sqlite: Database.Database, migrationsFolder: string): boolean {
  const newest = Math.max(...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  try {
    const row = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | string | null };
    return row.at !== null && Number(row.at) >= newest;
  } catch {
    return false;
  }
}
