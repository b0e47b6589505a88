import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ParetoError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';

interface Journal {
  readonly entries: ReadonlyArray<{ readonly when: number; readonly tag: string }>;
}

/** The migrations this code ships (drizzle-kit's journal), oldest first. */
function knownMigrations(): Journal['entries'] {
  const journal = JSON.parse(readFileSync(path.join(packageRoot(), 'migrations', 'meta', '_journal.json'), 'utf8')) as Journal;
  return [...journal.entries].sort((a, b) => a.when - b.when);
}

/**
 * Compares the migrations a database has applied (drizzle records each one's journal time) with
 * the ones this code knows. A database migrated by a newer release is refused: this code would
 * read or write tables it does not understand. `pending` says whether migrations remain to apply.
 */
export function checkSchemaVersion(sqlite: Database.Database, file: string): { pending: boolean; known: number; applied: number } {
  const known = knownMigrations();
  const newest = known.at(-1)!;
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get() !== undefined;
  const row = hasTable
    ? (sqlite.prepare('select count(*) as n, max(created_at) as last from __drizzle_migrations').get() as {
        n: number;
        last: number | null;
      })
    : { n: 0, last: null };
  const last = row.last === null ? null : Number(row.last);
  if (last !== null && last > newest.when) {
    const unknown = row.n > known.length ? row.n : known.filter((m) => m.when <= last).length + 1;
    throw new ParetoError(
      'database',
      `the database at ${file} has schema version ${unknown} (a migration of ${new Date(last).toISOString()}), newer than this pareto-router knows (version ${known.length}, ${newest.tag})`,
      {
        hint: 'upgrade pareto-router to the release that wrote this database, or point PARETO_DB (--db) at another file',
      },
    );
  }
  return { pending: last === null || last < newest.when, known: known.length, applied: row.n };
}
