import { readLatest } from '../../artifact/store.js';
import { publishFromDatabase } from '../../pipeline/publish.js';
import { parseFlags } from '../args.js';
import { updateSpec } from '../specs/update.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { reportFailed, reportNewVersion } from '../../pipeline/report.js';
import { describeReport } from '../publish-report.js';
import { renderShortlist } from '../render-shortlist.js';
import { describePublish } from './publish.js';
import { renderSummary, runSync } from './sync.js';

export async function updateCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, updateSpec, 'update');
  const ctx = commandContext(io, values);
  const db = ctx.openDb();
  try {
    const { summary, aborted, replayDir } = await runSync(values, io, ctx, db);
    if (aborted) return 130;
    const publish = summary.ok
      ? publishFromDatabase({ config: ctx.config, db }, { force: values.force ?? false, dryRun: values['dry-run'] ?? false })
      : null;
    const report = publish ? reportNewVersion(publish, ctx.config.shortlistsDir, values['no-report']) : null;
    const shortlist = readLatest(ctx.config.shortlistsDir) ?? null;
    if (values.json) {
      printJson(io, { sync: { ...summary, database: db.file }, publish, report, shortlist });
    } else {
      io.stdout(renderSummary(summary, db.file, replayDir, io.columns));
      io.stdout(
        publish
          ? describePublish(publish, ctx.config.shortlistsDir, { unmatched: shortlist === null }) + describeReport(report, publish.version)
          : 'not published: a source failed, so the last published shortlist stays\n',
      );
      if (shortlist) io.stdout(`\n${renderShortlist(shortlist, io.columns)}`);
    }
    return summary.ok && publish?.reason !== 'refused' && !reportFailed(report) ? 0 : 1;
  } finally {
    db.close();
  }
}
