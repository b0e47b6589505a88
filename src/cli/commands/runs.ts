import os from 'node:os';
import path from 'node:path';
import { readRawResponses } from '../../db/queries/raw-responses.js';
import { getRun, listRuns, showAbandoned } from '../../db/queries/runs.js';
import { parseSourceList, type SourceId } from '../../config.js';
import { ParetoError } from '../../errors.js';
import { writeRecording } from '../../pipeline/recording.js';
import { isProcessAlive } from '../../util/process-alive.js';
import { intFlag, parseFlags } from '../args.js';
import { runsSpec } from '../specs/runs.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderTable, seconds } from '../table.js';

export async function runsCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, runsSpec, 'runs');
  const ctx = commandContext(io, values);
  // Flags first: a typo in --source must not read as "no runs".
  const source = values.source === undefined ? undefined : oneSource(values.source);
  const limit = intFlag(values.limit, '--limit', 1_000_000) ?? 20;
  const db = ctx.readDb();
  try {
    if (positionals[0] === 'export') return exportRuns(positionals.slice(1), values.out, Boolean(values.json), io, db);
    if (positionals.length > 0)
      throw new ParetoError('usage', `pareto runs: unknown argument "${positionals[0]}"`, {
        hint: 'use `pareto runs` or `pareto runs export RUN_ID --out DIR`',
      });
    const runs = showAbandoned(listRuns(db.orm, { ...(source ? { source } : {}), limit }), os.hostname(), isProcessAlive);
    if (values.json) {
      printJson(
        io,
        runs.map((r) => ({ ...r, meta: r.meta ? (JSON.parse(r.meta) as unknown) : null })),
      );
      return 0;
    }
    const rows = runs.map((r) => [
      r.id,
      r.source,
      r.mode,
      r.status,
      r.startedAt,
      r.finishedAt ? seconds(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : '-',
      r.rowsStored,
      r.requests,
      r.error ? r.error.split('\n')[0]!.slice(0, 80) : '',
    ]);
    io.stdout(`${renderTable(['run', 'source', 'mode', 'status', 'started', 'took', 'rows', 'requests', 'error'], rows, io.columns)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function exportRuns(
  ids: readonly string[],
  out: string | undefined,
  json: boolean,
  io: Io,
  db: ReturnType<ReturnType<typeof commandContext>['openDb']>,
): number {
  if (!out)
    throw new ParetoError('usage', 'pareto runs export: --out DIR is required', {
      hint: 'e.g. `pareto runs export 12 13 --out recordings/today`',
    });
  if (ids.length === 0)
    throw new ParetoError('usage', 'pareto runs export: name at least one run id', { hint: 'see the ids with `pareto runs`' });
  const dir = path.resolve(io.cwd, out);
  const written: Array<{ run: number; source: string; file: string; responses: number }> = [];
  for (const raw of ids) {
    const id = intFlag(raw, 'run id') as number;
    const run = getRun(db.orm, id);
    if (!run) throw new ParetoError('usage', `no run ${id} in ${db.file}`, { hint: 'see the ids with `pareto runs`' });
    const responses = readRawResponses(db.orm, id);
    const file = writeRecording(
      dir,
      { source: run.source, recordedAt: run.startedAt, responses },
      `run ${id} (${run.status}) exported from ${path.basename(db.file)}`,
    );
    written.push({ run: id, source: run.source, file, responses: responses.length });
  }
  if (json) printJson(io, { exported: written });
  else io.stdout(written.map((w) => `run ${w.run} (${w.source}, ${w.responses} responses) → ${w.file}`).join('\n') + '\n');
  return 0;
}

function oneSource(value: string): SourceId {
  const ids = parseSourceList(value, '--source');
  if (ids.length > 1)
    throw new ParetoError('usage', `--source takes one source, got "${value}"`, { hint: 'e.g. `pareto runs --source openrouter-models`' });
  return ids[0]!;
}
