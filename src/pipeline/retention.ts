import { loadShortlistFile } from '../artifact/load.js';
import { listVersions, versionFile } from '../artifact/store.js';
import type { Db } from '../db/open.js';
import { countJobRunsBefore, deleteJobRunsBefore } from '../db/queries/job-runs.js';
import {
  countRunRows,
  deleteRawResponses,
  deleteRuns,
  latestSuccessfulRunIds,
  runsEndedBefore,
  runsWithRawResponses,
} from '../db/queries/retention.js';
import { ParetoError, messageOf } from '../errors.js';

export interface PruneOptions {
  readonly olderThanDays: number;
  readonly now: Date;
  /** Runs a published shortlist was built from (see `publishedRunIds`); never pruned at either level. */
  readonly keepRunIds: ReadonlySet<number>;
  /** Drop only the raw responses (about a quarter of the file) and keep observations as history. */
  readonly rawOnly?: boolean;
  readonly dryRun?: boolean;
}

export interface PruneResult {
  readonly cutoff: string;
  /** Runs deleted, or with `rawOnly` the runs whose raw responses were deleted. */
  readonly runs: number[];
  readonly rawResponses: number;
  readonly observations: { readonly aa: number; readonly models: number; readonly endpoints: number };
  /** Runs old enough to prune that stay because a published version was built from them. */
  readonly keptForShortlists: number[];
  /** Runs old enough to prune that stay because they are their source's latest success. */
  readonly keptAsLatest: number[];
  /** Job runs (the scheduler's history) deleted; they reference nothing that must stay. */
  readonly jobRuns: number;
}

/**
 * The run ids every published `<version>.json` was built from. An artifact that cannot be read
 * or verified stops pruning: we would not know which runs it needs, and deleting them cannot be
 * undone while the artifact can be restored.
 */
export function publishedRunIds(shortlistsDir: string): Set<number> {
  const ids = new Set<number>();
  for (const version of listVersions(shortlistsDir)) {
    let sources;
    try {
      sources = loadShortlistFile(versionFile(shortlistsDir, version)).sources;
    } catch (error) {
      throw new ParetoError('schema', `not pruning: shortlist version ${version} cannot be read (${messageOf(error)})`, {
        hint: 'restore the artifact first; pruning must know which runs every published version was built from',
      });
    }
    for (const source of Object.values(sources)) if (source) ids.add(source.runId);
  }
  return ids;
}

/**
 * Deletes the history of runs that ended before `now - olderThanDays`, except runs a published
 * version was built from (its provenance stays auditable and replayable), the latest successful
 * run of each source (curation reads it) and runs still in progress. Selection and deletion run
 * in one transaction, so the counts are exactly what went and nothing is half-deleted. SQLite
 * reuses the freed pages; the file only shrinks after a `VACUUM`, which is left to the operator
 * because it rewrites the whole file and blocks writers meanwhile.
 */
export function pruneHistory(db: Db, options: PruneOptions): PruneResult {
  if (!Number.isInteger(options.olderThanDays) || options.olderThanDays < 0) {
    throw new ParetoError('usage', `retention must be a whole number of days ≥ 0, got ${options.olderThanDays}`);
  }
  const cutoff = new Date(options.now.getTime() - options.olderThanDays * 86_400_000).toISOString();
  const plan = () => {
    const latest = new Set(latestSuccessfulRunIds(db.orm));
    const old = runsEndedBefore(db.orm, cutoff);
    const keptForShortlists = old.filter((id) => options.keepRunIds.has(id));
    const keptAsLatest = old.filter((id) => !options.keepRunIds.has(id) && latest.has(id));
    const prunable = old.filter((id) => !options.keepRunIds.has(id) && !latest.has(id));
    const runs = options.rawOnly ? runsWithRawResponses(db.orm, prunable) : prunable;
    const counts = countRunRows(db.orm, runs);
    const observations = options.rawOnly
      ? { aa: 0, models: 0, endpoints: 0 }
      : { aa: counts.aa, models: counts.models, endpoints: counts.endpoints };
    const jobRuns = options.rawOnly ? 0 : countJobRunsBefore(db.orm, cutoff);
    if (!options.dryRun && runs.length > 0) {
      if (options.rawOnly) deleteRawResponses(db.orm, runs);
      else deleteRuns(db.orm, runs);
    }
    if (!options.dryRun && jobRuns > 0) deleteJobRunsBefore(db.orm, cutoff);
    return { cutoff, runs, rawResponses: counts.rawResponses, observations, keptForShortlists, keptAsLatest, jobRuns };
  };
  const transaction = db.sqlite.transaction(plan);
  // IMMEDIATE takes the write lock before reading: the runs chosen, the rows counted and the rows
  // deleted are the same, with no other writer in between. A dry run only reads.
  return options.dryRun ? transaction.deferred() : transaction.immediate();
}

/** What a prune did (or would do), in a few lines, for the CLI and the retention job's log. */
export function describePrune(r: PruneResult, mode: { dryRun: boolean; rawOnly: boolean }): string {
  const verb = mode.dryRun ? 'would delete' : 'deleted';
  const { aa, models, endpoints } = r.observations;
  const lines = [
    mode.rawOnly
      ? `${verb} the raw responses of ${r.runs.length} runs that ended before ${r.cutoff}: ${r.rawResponses} raw responses (observations kept)`
      : `${verb} ${r.runs.length} runs that ended before ${r.cutoff}: ${r.rawResponses} raw responses, ${aa + models + endpoints} observations (aa ${aa}, models ${models}, endpoints ${endpoints}), ${r.jobRuns} job runs`,
  ];
  if (r.keptForShortlists.length)
    lines.push(
      `kept ${r.keptForShortlists.length} older runs that published shortlists were built from: ${r.keptForShortlists.join(', ')}`,
    );
  if (r.keptAsLatest.length)
    lines.push(`kept ${r.keptAsLatest.length} older runs that are the latest success of their source: ${r.keptAsLatest.join(', ')}`);
  if (!mode.dryRun && r.runs.length > 0) lines.push('the file keeps its size until `VACUUM`; SQLite reuses the freed space');
  return `${lines.join('\n')}\n`;
}
