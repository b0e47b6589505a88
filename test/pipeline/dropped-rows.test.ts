import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/cli/commands/sync.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { ParetoError } from '../../src/errors.js';
import { publishFromDatabase } from '../../src/pipeline/publish.js';
import { readRecordingDir, type Recording } from '../../src/pipeline/recording.js';
import { syncSources } from '../../src/pipeline/sync.js';
import { packageRoot } from '../../src/util/package-root.js';
import { memoryLogger } from '../support/source-context.js';

type Row = Record<string, unknown>;
const SAMPLE = readRecordingDir(path.join(packageRoot(), 'data', 'sample'));

/**
 * The sample's AA recording (page 1: 200 rows, page 2: 22 rows) with `id` renamed on the rows
 * `pick` selects: the partial drift a new API version on one server of a pool would show.
 */
function drifted(pick: (page: number, index: number) => boolean): Recording[] {
  return SAMPLE.map((recording) => {
    if (recording.source !== 'artificial-analysis') return recording;
    const responses = recording.responses.map((r) => {
      const page = Number(new URL(r.url).searchParams.get('page'));
      if (r.status !== 200 || !page) return r;
      const body = JSON.parse(r.body) as { data: Row[] };
      body.data = body.data.map((row, i) => (pick(page, i) ? { ...row, id: undefined, model_id: row.id } : row));
      return { ...r, body: JSON.stringify(body) };
    });
    return { ...recording, responses };
  });
}

function setup(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-dropped-'));
  const config = loadConfig({ PARETO_SHORTLISTS: path.join(dir, 'shortlists'), ...env }, {}, dir);
  const db = openDatabase(path.join(dir, 'pareto.db'));
  const log = memoryLogger();
  const sync = (recordings: Recording[]) =>
    syncSources({ config, db, log }, { mode: { kind: 'replay', recordings }, sources: ['artificial-analysis'] });
  const aaRows = () => (db.sqlite.prepare('select count(*) as n from aa_observations').get() as { n: number }).n;
  return { config, db, log, sync, aaRows };
}

describe('dropped rows', () => {
  it('a whole drifted page fails the run and stores nothing (here 22 of 222 rows, page 2)', async () => {
    const { sync, aaRows } = setup({ PARETO_MAX_DROPPED_SHARE: '0.5' });
    const summary = await sync(drifted((page) => page === 2));
    expect(summary.sources[0]).toMatchObject({ status: 'failed', errorCode: 'schema' });
    expect(summary.sources[0]!.error).toContain('every row of page 2 (22)');
    expect(aaRows()).toBe(0);
  });

  it('more than PARETO_MAX_DROPPED_SHARE of the rows failing the schema fails the run (default 5%)', async () => {
    const { sync, aaRows } = setup();
    const summary = await sync(drifted((page, i) => page === 1 && i < 15));
    expect(summary.ok).toBe(false);
    expect(summary.sources[0]!.error).toMatch(/15 of 222 rows \(6\.8%\) fail the row schema, more than PARETO_MAX_DROPPED_SHARE \(5%\)/);
    expect(aaRows()).toBe(0);
  });

  it('a few dropped rows are stored with a warning in the log, the sync output and the run, counted by reason', async () => {
    const { sync, log, db } = setup({ PARETO_MAX_DROPPED_SHARE: '0.1' });
    const summary = await sync(drifted((page, i) => page === 1 && i < 15));
    const aa = summary.sources[0]!;
    expect(aa).toMatchObject({ status: 'success', rows: 207, rowsDropped: 15, droppedByReason: { schema: 15 } });
    expect(log.lines.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(
        /^warn artificial-analysis: dropped 15 of 222 rows \(15 schema\); first: slug:\S+ does not match the row schema: id: /,
      ),
    ]);
    expect(renderSummary(summary, 'db', undefined)).toContain('warning: artificial-analysis dropped 15 of 222 rows (15 schema)');
    const meta = JSON.parse((db.sqlite.prepare('select meta from sync_runs').get() as { meta: string }).meta) as {
      droppedByReason: unknown;
      droppedTotal: number;
    };
    expect(meta).toMatchObject({ droppedByReason: { schema: 15 }, droppedTotal: 15 });
  });

  it('publish refuses when the field shrinks sharply against the previous version; --force publishes', async () => {
    const { config, db, sync } = setup({ PARETO_MAX_DROPPED_SHARE: '0.2' });
    await syncSources({ config, db, log: memoryLogger() }, { mode: { kind: 'replay', recordings: SAMPLE } });
    const first = publishFromDatabase({ config, db });
    expect(first).toMatchObject({ published: true, version: 1 });
    expect((await sync(drifted((page, i) => page === 1 && i % 5 === 0))).ok).toBe(true);
    const refused = publishFromDatabase({ config, db });
    expect(refused).toMatchObject({ published: false, reason: 'refused' });
    expect(refused.refusals).toEqual([
      expect.objectContaining({
        code: 'field-shrink',
        message: expect.stringMatching(/^the field shrinks from \d+ to \d+ rows since version 1 \(more than 10% gone\)/),
      }),
    ]);
    expect(publishFromDatabase({ config, db }, { force: true })).toMatchObject({ published: true, version: 2 });
  });
});

describe('PARETO_MAX_DROPPED_SHARE', () => {
  it.each(['-0.1', '1.5', 'five', '5%'])('rejects %s with the variable named', (value) => {
    let error: unknown;
    try {
      loadConfig({ PARETO_MAX_DROPPED_SHARE: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParetoError);
    expect((error as ParetoError).message).toContain(
      `PARETO_MAX_DROPPED_SHARE must be a share between 0 and 1 (e.g. 0.05 for 5%), got "${value}"`,
    );
  });

  it('accepts 0, 1 and a fraction, and defaults to 5%', () => {
    expect(loadConfig({}).maxDroppedShare).toBe(0.05);
    expect(loadConfig({ PARETO_MAX_DROPPED_SHARE: '0' }).maxDroppedShare).toBe(0);
    expect(loadConfig({ PARETO_MAX_DROPPED_SHARE: '1' }).maxDroppedShare).toBe(1);
    expect(loadConfig({ PARETO_MAX_DROPPED_SHARE: '.2' }).maxDroppedShare).toBe(0.2);
  });
});
