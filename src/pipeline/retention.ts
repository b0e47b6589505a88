import { inArray, sql } from 'drizzle-orm';
import { listVersions, versionFile } from '../artifact/store.js';
import { loadShortlistFile } from '../artifact/load.js';
import type { Db } from '../db/open.js';
import { aaObservations, openrouterEndpointObservations, openrouterModelObservations, rawResponses, syncRuns } from '../db/schema.js';
import { ParetoError, messageOf } from '../errors.js';

export interface PruneOptions {
  readonly olderThanDays: number;
  readonly now: Date;
  readonly shortlistsDir: string;
  /** Drop only the raw responses (the bulk), keep observations as history. */
  readonly rawOnly?: boolean;
  readonly dryRun?: boolean;
}

export interface PruneResult {
  readonly cutoff: string;
  readonly runs: number[];
  readonly rawResponses: number;
  readonly observations: number;
  /** Old runs kept because a published shortlist was built from them or curation still reads them. */
  readonly kept: number[];
  readonly dryRun: boolean;
}

/**
 * Deletes the history of runs older than the cutoff, in one transaction, except runs that a
 * published version was built from (its provenance must stay auditable), the latest successful
 * run of each source (curation reads it) and runs still in progress. An artifact that cannot be
 * read stops pruning: we would not know what it needs.
 */
export function pruneHistory(db: Db, options: PruneOptions): PruneResult {
  if (!Number.isInteger(options.olderThanDays) || options.olderThanDays < 0) {
    throw new ParetoError('usage', `retention must be a whole number of days ≥ 0, got ${options.olderThanDays}`);
  }
  const cutoff = new Date(options.now.getTime() - options.olderThanDays * 86_400_000).toISOString();
  const needed = new Set<number>();
  for (const version of listVersions(options.shortlistsDir)) {
    try {
      const shortlist = loadShortlistFile(versionFile(options.shortlistsDir, version));
      for (const source of Object.values(shortlist.sources)) if (source) needed.add(source.runId);
    } catch (error) {
      throw new ParetoError('schema', `not pruning: shortlist version ${version} cannot be read (${messageOf(error)})`, {
        hint: 'restore the artifact first; pruning must know which runs published versions were built from',
      });
    }
  }
  const latest = db.sqlite.prepare("select max(id) as id from sync_runs where status = 'success' group by source").all() as Array<{ id: number }>;
  for (const { id } of latest) needed.add(id);
  const old = db.orm
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(sql`${syncRuns.status} != 'running' and coalesce(${syncRuns.finishedAt}, ${syncRuns.startedAt}) < ${cutoff}`)
    .all()
    .map((r) => r.id);
  const runs = old.filter((id) => !needed.has(id));
  const kept = old.filter((id) => needed.has(id));
  const count = (table: typeof rawResponses | typeof aaObservations | typeof openrouterModelObservations | typeof openrouterEndpointObservations) =>
    runs.length === 0 ? 0 : (db.orm.select({ n: sql<number>`count(*)` }).from(table).where(inArray(table.runId, runs)).get()?.n ?? 0);
  const raw = count(rawResponses);
  const observations = options.rawOnly ? 0 : count(aaObservations) + count(openrouterModelObservations) + count(openrouterEndpointObservations);
  if (!options.dryRun && runs.length > 0) {
    db.sqlite.transaction(() => {
      if (options.rawOnly) db.orm.delete(rawResponses).where(inArray(rawResponses.runId, runs)).run();
      // Raw responses and observations go with their run (foreign keys cascade).
      else db.orm.delete(syncRuns).where(inArray(syncRuns.id, runs)).run();
    })();
  }
  return { cutoff, runs, rawResponses: raw, observations, kept, dryRun: options.dryRun ?? false };
}
