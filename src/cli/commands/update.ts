import { readLatest } from '../../artifact/store.js';
import { publishFromDatabase } from '../../pipeline/publish.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { describeReport, reportFailed, reportNewVersion } from '../publish-report.js';
import { renderShortlist } from '../render-shortlist.js';
import { describePublish } from './publish.js';
import { renderSummary, runSync, SYNC_FLAGS } from './sync.js';

export const updateHelp = `pareto update — sync the sources, publish the shortlist if it changed, and show it

  Takes every flag of \`pareto sync\` (--sample, --from DIR, --source, --models, --db, --dry-run)
  and of \`pareto publish\` (--force, --no-report). Nothing is published when a source failed:
  the last published version stays. A new version gets its HTML report beside it.
  --json prints { sync, publish, report, shortlist }.
`;

export async function updateCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, { ...SYNC_FLAGS, force: { type: 'boolean' }, 'no-report': { type: 'boolean' } }, 'update');
  const ctx = commandContext(io, values);
  const db = ctx.openDb();
  try {
    const { summary, aborted, replayDir } = await runSync(values, io, ctx, db);
    if (aborted) return 130;
    const publish = summary.ok ? publishFromDatabase({ config: ctx.config, db }, { force: values.force ?? false, dryRun: values['dry-run'] ?? false }) : null;
    const report = publish ? reportNewVersion(publish, ctx.config.shortlistsDir, values['no-report']) : null;
    const shortlist = readLatest(ctx.config.shortlistsDir) ?? null;
    if (values.json) {
      printJson(io, { sync: { ...summary, database: db.file }, publish, report, shortlist });
    } else {
      io.stdout(renderSummary(summary, db.file, replayDir));
      io.stdout(publish ? describePublish(publish, ctx.config.shortlistsDir) + describeReport(report, publish.version) : 'not published: a source failed, so the last published shortlist stays\n');
      if (shortlist) io.stdout(`\n${renderShortlist(shortlist)}`);
    }
    return summary.ok && publish?.reason !== 'refused' && !reportFailed(report) ? 0 : 1;
  } finally {
    db.close();
  }
}
