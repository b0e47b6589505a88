import { parseSourceList } from '../../config.js';
import { formatDropped } from '../../pipeline/dropped.js';
import { sourceError, syncSources, type SyncSummary } from '../../pipeline/sync.js';
import { parseFlags, splitList } from '../args.js';
import { SYNC_FLAGS, syncSpec } from '../specs/sync.js';
import type { Db } from '../../db/open.js';
import { commandContext, type CommandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { createProgress } from '../progress.js';
import { abortOnSignals } from '../signals.js';
import { syncModeFromFlags } from '../sync-mode.js';
import { renderTable, seconds } from '../table.js';

type SyncFlags = ReturnType<typeof parseFlags<typeof SYNC_FLAGS>>['values'];

export async function syncCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, syncSpec, 'sync');
  const ctx = commandContext(io, values);
  const db = ctx.openDb();
  try {
    const { summary, aborted, replayDir } = await runSync(values, io, ctx, db);
    if (values.json) printJson(io, { ...summary, database: db.file, ...(replayDir ? { replayedFrom: replayDir } : {}) });
    else io.stdout(renderSummary(summary, db.file, replayDir, io.columns));
    if (aborted) return 130;
    return summary.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/** The sync step, shared by `sync` and `update`. */
export async function runSync(
  values: SyncFlags,
  io: Io,
  ctx: CommandContext,
  db: Db,
): Promise<{ summary: SyncSummary; aborted: boolean; replayDir: string | undefined }> {
  const { mode, replayDir } = await syncModeFromFlags(ctx, io, values);
  // An empty --source is a mistake, not "all sources".
  const sources = values.source !== undefined ? parseSourceList(values.source, '--source') : undefined;
  const controller = new AbortController();
  const stopOnSignals = abortOnSignals(controller);
  const progress = createProgress(io, { enabled: !values.json, log: ctx.log });
  try {
    const summary = await syncSources(
      { config: ctx.config, db, log: progress.wrapLog(ctx.log), onProgress: progress.update, signal: controller.signal },
      {
        mode,
        ...(sources ? { sources } : {}),
        dryRun: values['dry-run'] ?? false,
        ...(values.models ? { modelIds: splitList(values.models) ?? [] } : {}),
      },
    );
    progress.finish();
    return { summary, aborted: controller.signal.aborted, replayDir };
  } finally {
    stopOnSignals();
  }
}

export function renderSummary(summary: SyncSummary, dbFile: string, replayDir: string | undefined, width = Infinity): string {
  const title = `${summary.dryRun ? 'dry run: nothing stored. ' : ''}${replayDir ? `replayed ${replayDir}` : 'live sync'}`;
  const table = renderTable(
    ['source', 'status', 'rows', 'new', 'changed', 'unchanged', 'removed', 'dropped', 'requests', 'time'],
    summary.sources.map((s) => [
      s.source,
      s.status,
      s.rows,
      s.rowsNew,
      s.rowsChanged,
      s.rowsUnchanged,
      s.rowsRemoved,
      s.rowsDropped,
      s.requests,
      seconds(s.durationMs),
    ]),
    width,
  );
  const offline = summary.sources.filter((s) => s.status === 'failed').every((s) => s.errorCode === 'network') && !summary.ok;
  const errors = offline
    ? ['the network looks unreachable: run `pareto sync --sample` to work offline from the bundled sample']
    : summary.sources.filter((s) => s.error).map(sourceError);
  const dropped = summary.sources
    .filter((s) => s.status === 'success' && s.rowsDropped > 0)
    .map((s) => `warning: ${s.source} dropped ${s.rowsDropped} of ${s.rowsRead} rows (${formatDropped(s.droppedByReason ?? {})})`);
  return [title, table, ...dropped, ...errors, `database: ${dbFile}`, ''].join('\n');
}
