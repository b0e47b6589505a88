import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { ParetoError } from '../errors.js';
import type { Db } from './open.js';
import * as schema from './schema.js';
import { checkSchemaVersion } from './schema-version.js';

/**
 * Opens an existing database for reading only: creates no file or folder, migrates nothing, and
 * works where the process may not write (a monitoring user, a read-only mount). SQLite cannot
 * read a WAL database read-only without its shared-memory file, which it cannot create there;
 * then the command reads a snapshot of the file in memory instead (the file is complete when no
 * writer is running, which is when the -shm file is missing).
 */
export function openDatabaseReadOnly(file: string): Db {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      sqlite.prepare('select count(*) from sqlite_master').get();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_CANTOPEN') && !code.startsWith('SQLITE_IOERR')) throw error;
      sqlite.close();
      const image = readFileSync(file);
      // Bytes 18-19 mark WAL mode; an in-memory copy must be opened as a rollback-journal file.
      image[18] = 1;
      image[19] = 1;
      sqlite = new Database(image);
    }
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new ParetoError('database', `cannot read the database at ${file}: ${(error as Error).message}`, {
      hint: 'check PARETO_DB (--db) names a readable pareto database',
      cause: error,
    });
  }
  try {
    const { pending, known, applied } = checkSchemaVersion(sqlite, file);
    if (pending) {
      throw new ParetoError(
        'database',
        `the database at ${file} has schema version ${applied}, older than this pareto-router (version ${known}), and a read-only command does not upgrade it`,
        {
          hint: 'run a command that writes (`pareto sync` or `pareto update`) once to upgrade it',
        },
      );
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { orm: drizzle(sqlite, { schema }), sqlite, file, close: () => sqlite.close() };
}
