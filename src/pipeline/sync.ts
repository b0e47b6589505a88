import { setMaxListeners } from 'node:events';
import os from 'node:os';
import type { Config } from '../config.js';
import type { Db } from '../db/open.js';
import { insertObservations, observationHashes } from '../db/queries/observations.js';
import { insertRawResponses } from '../db/queries/raw-responses.js';
import { failAbandonedRuns, finishRun, latestSuccessfulRun, startRun, type RunCounts } from '../db/queries/runs.js';
import { ParetoError, messageOf } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import { SOURCES } from '../sources/registry.js';
import type { ModelIdsInput, Source, SourceContext, SourceResult } from '../sources/types.js';
import type { Logger } from '../util/log.js';
import { isProcessAlive } from '../util/process-alive.js';
import { redactDeep, type Redactor } from '../util/redact.js';
import type { RecordedResponse } from '../db/queries/raw-responses.js';
import { createDbBudget, unlimitedBudget } from './budget.js';
import { compareWithPrevious, keyRecords } from './compare.js';
import { assertDroppedShare, countDropped, droppedWarning, type DroppedCounts } from './dropped.js';
import { defaultEndpointModelIds } from './endpoint-ids.js';
import { recordingFetcher, replayFetcher, type Recording } from './recording.js';

export type SyncMode =
  { readonly kind: 'live'; readonly http: Fetcher } | { readonly kind: 'replay'; readonly recordings: readonly Recording[] };

export interface SyncDeps {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting stops the run in progress; it is recorded as failed ('interrupted') with no observations. */
  readonly signal?: AbortSignal;
  /** The sources to pick from (default: every registered one). */
  readonly registry?: readonly Source[];
}

export interface SyncOptions {
  readonly mode: SyncMode;
  readonly sources?: readonly string[];
  readonly dryRun?: boolean;
  readonly modelIds?: readonly string[];
}

export interface ProgressEvent {
  readonly source: string;
  readonly phase: 'start' | 'response' | 'done';
  readonly requests: number;
  /** Requests the source will make, when known up front (endpoints: one per model id). */
  readonly total?: number;
  readonly status?: SourceSummary['status'];
}

export interface SourceSummary extends RunCounts {
  readonly source: string;
  readonly status: 'success' | 'failed' | 'skipped';
  readonly runId: number | null;
  /** Rows stored (or, with --dry-run, rows that would be stored). */
  readonly rows: number;
  readonly durationMs: number;
  readonly error: string | null;
  /** The source the error names (its message starts with it), when it names one; see `sourceError`. */
  readonly errorSource?: string;
  readonly errorCode: string | null;
  /** The HTTP status of a failure that was an answer (a 503 after the client's retries, say). */
  readonly errorStatus?: number;
  readonly meta: Readonly<Record<string, unknown>>;
  /** Rows left out, by reason (a successful run only; also kept in the run's meta). */
  readonly droppedByReason?: DroppedCounts;
}

export interface SyncSummary {
  readonly mode: 'live' | 'replay';
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly sources: SourceSummary[];
}

const ZERO: RunCounts = {
  requests: 0,
  rowsRead: 0,
  rowsStored: 0,
  rowsNew: 0,
  rowsChanged: 0,
  rowsUnchanged: 0,
  rowsRemoved: 0,
  rowsDropped: 0,
};

/** Which sources a sync runs: named ones, else (live) the configured defaults, else (replay) what was recorded. */
export function selectSources(config: Config, mode: SyncMode, named?: readonly string[], registry: readonly Source[] = SOURCES): Source[] {
  if (mode.kind === 'replay') {
    const recorded = new Set(mode.recordings.map((r) => r.source));
    for (const id of named ?? []) {
      if (!recorded.has(id))
        throw new ParetoError('usage', `--source ${id}: the recording has no ${id}.json`, {
          hint: `recorded sources: ${[...recorded].join(', ')}`,
        });
    }
    return registry.filter((s) => recorded.has(s.id) && (!named || named.includes(s.id)));
  }
  const wanted: readonly string[] = named ?? config.sources;
  return registry.filter((s) => wanted.includes(s.id));
}

export async function syncSources(deps: SyncDeps, options: SyncOptions): Promise<SyncSummary> {
  const now = deps.now ?? (() => new Date());
  const started = Date.now();
  const host = os.hostname();
  failAbandonedRuns(deps.db.orm, host, isProcessAlive, now());
  const summaries: SourceSummary[] = [];
  for (const source of selectSources(deps.config, options.mode, options.sources, deps.registry)) {
    if (deps.signal?.aborted) break;
    summaries.push(await syncOne(deps, options, source, summaries, now, host));
  }
  return {
    mode: options.mode.kind,
    dryRun: options.dryRun ?? false,
    ok: summaries.every((s) => s.status !== 'failed'),
    durationMs: Date.now() - started,
    sources: summaries,
  };
}

async function syncOne(
  deps: SyncDeps,
  options: SyncOptions,
  source: Source,
  earlier: readonly SourceSummary[],
  now: () => Date,
  host: string,
): Promise<SourceSummary> {
  const { config, db, log } = deps;
  const startedAt = Date.now();
  const base = { source: source.id, ...ZERO, rows: 0, meta: {} };
  const mode = options.mode;
  if (mode.kind === 'live' && source.requiresKey && !source.requiresKey.isSet(config)) {
    const reason = `${source.requiresKey.env} is not set: skipped; ${source.requiresKey.meanwhile}`;
    log.info(`${source.id}: ${reason}`);
    return { ...base, status: 'skipped', runId: null, durationMs: 0, error: reason, errorCode: null };
  }

  let requests = 0;
  // Known once the model ids are (one request per model), so progress can show done/total.
  let total: { total: number } | object = {};
  deps.onProgress?.({ source: source.id, phase: 'start', requests });
  const recording = mode.kind === 'replay' ? mode.recordings.find((r) => r.source === source.id) : undefined;
  const inner = mode.kind === 'live' ? withSignal(mode.http, deps.signal) : replayFetcher(recording as Recording, config.redact);
  const recorder = recordingFetcher(inner, now, () =>
    deps.onProgress?.({ source: source.id, phase: 'response', requests: ++requests, ...total }),
  );
  const runId = options.dryRun ? null : startRun(db.orm, source.id, mode.kind, now(), { pid: process.pid, host });
  const previous = latestSuccessfulRun(db.orm, source.id);

  try {
    const modelIds = source.modelIds ? modelIdsFor(source.modelIds, deps, options, recording, earlier) : undefined;
    if (modelIds) total = { total: modelIds.length };
    const ctx: SourceContext = {
      config,
      http: recorder.fetcher,
      log,
      // Only a source that declares a daily quota has one; a replay spends nothing.
      budget:
        mode.kind === 'live' && source.dailyRequestBudget
          ? createDbBudget(db.orm, source.id, source.dailyRequestBudget(config), now)
          : unlimitedBudget,
      ...(modelIds ? { modelIds } : {}),
    };
    // The one place every source's records are redacted: an API may echo a key inside a 200
    // answer, and what is stored (then published, printed) must never hold one.
    const result = redactDeep(await untilAborted(source.fetch(ctx), deps.signal), config.redact);
    assertDroppedShare(source.id, result, config.maxDroppedShare);
    const warning = droppedWarning(source.id, result);
    if (warning) log.warn(config.redact(warning));
    const keyed = keyRecords(source.records, result.records);
    const changes = compareWithPrevious(keyed, previous ? observationHashes(db.orm, source.records, previous.id) : new Map());
    const counts: RunCounts = {
      requests: recorder.responses.length,
      rowsRead: result.records.length + result.dropped.length,
      rowsStored: options.dryRun ? 0 : keyed.length,
      rowsDropped: result.dropped.length,
      ...changes,
    };
    const meta = runMeta(result, config.redact);
    if (runId !== null) {
      db.sqlite.transaction(() => {
        insertRawResponses(db.orm, runId, redactResponses(recorder.responses, config.redact));
        insertObservations(db.orm, source.records, runId, keyed);
        finishRun(db.orm, runId, { status: 'success', finishedAt: now(), counts, meta });
      })();
    }
    deps.onProgress?.({ source: source.id, phase: 'done', requests, status: 'success' });
    return {
      ...base,
      ...counts,
      status: 'success',
      runId,
      rows: keyed.length,
      durationMs: Date.now() - startedAt,
      error: null,
      errorCode: null,
      meta,
      droppedByReason: countDropped(result.dropped),
    };
  } catch (error) {
    const message = config.redact(messageOf(error));
    const code = error instanceof ParetoError ? error.code : 'internal';
    const errorStatus = error instanceof ParetoError ? error.status : undefined;
    const errorSource = error instanceof ParetoError ? error.source : undefined;
    const counts = { ...ZERO, requests: recorder.responses.length };
    if (runId !== null) {
      // Raw answers of a failed run are kept for diagnosis; no observation is written.
      db.sqlite.transaction(() => {
        insertRawResponses(db.orm, runId, redactResponses(recorder.responses, config.redact));
        finishRun(db.orm, runId, { status: 'failed', finishedAt: now(), counts, error: message, meta: { errorCode: code } });
      })();
    }
    const summary: SourceSummary = {
      ...base,
      ...counts,
      status: 'failed',
      runId,
      durationMs: Date.now() - startedAt,
      error: message,
      ...(errorSource ? { errorSource } : {}),
      errorCode: code,
      ...(errorStatus ? { errorStatus } : {}),
    };
    log.warn(sourceError(summary));
    deps.onProgress?.({ source: source.id, phase: 'done', requests, status: 'failed' });
    return summary;
  }
}

/**
 * A source's error as people read it (log, CLI, job history): with the source's name once. A
 * source's own errors carry its name already (ParetoError.source); the sync's own (interrupted,
 * no model list) and unexpected ones get it here.
 */
export function sourceError(summary: Pick<SourceSummary, 'source' | 'error' | 'errorSource'>): string {
  const error = summary.error ?? 'failed';
  return summary.errorSource === summary.source ? error : `${summary.source}: ${error}`;
}

/** --models, else the ids a recording asked about, else the shortlist's candidates from the model list. */
function modelIdsFor(
  input: ModelIdsInput,
  deps: SyncDeps,
  options: SyncOptions,
  recording: Recording | undefined,
  earlier: readonly SourceSummary[],
): readonly string[] {
  if (options.modelIds?.length) return options.modelIds;
  if (recording) return input.recorded(recording.responses.map((r) => r.url));
  const listFailed = earlier.some((s) => s.source === input.listedBy && s.status === 'failed');
  if (listFailed) {
    throw new ParetoError('usage', `${input.listedBy} failed in this sync, so there is no fresh model list to fetch endpoints for`, {
      hint: 'fix the models sync first, or pass the ids with --models',
    });
  }
  return defaultEndpointModelIds(deps.db.orm, deps.config, deps.log);
}

function runMeta(result: SourceResult, redact: Redactor): Record<string, unknown> {
  return redactDeep(
    {
      ...result.meta,
      ...(result.dropped.length
        ? { dropped: result.dropped.slice(0, 50), droppedTotal: result.dropped.length, droppedByReason: countDropped(result.dropped) }
        : {}),
    },
    redact,
  );
}

/** An API may echo a key back in an error body; what is stored never holds one. */
function redactResponses(responses: readonly RecordedResponse[], redact: Redactor): RecordedResponse[] {
  return responses.map((r) => ({ ...r, url: redact(r.url), body: redact(r.body), headers: redactDeep(r.headers, redact) }));
}

/** Every request a source makes carries the sync's signal: a stop aborts it in flight. */
function withSignal(fetcher: Fetcher, signal: AbortSignal | undefined): Fetcher {
  if (!signal) return fetcher;
  // Every request in flight (endpoints run several at once) listens on this one signal, each
  // until it ends: many listeners is the design here, not a leak, so Node should not warn.
  setMaxListeners(0, signal);
  return { get: (request) => fetcher.get({ ...request, signal }) };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function interrupted(): ParetoError {
  return new ParetoError('interrupted', 'interrupted: the run was stopped before it finished; nothing was stored', {
    hint: 'run the sync again',
  });
}
