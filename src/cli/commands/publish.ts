import { publishFromDatabase, type PublishOutcome } from '../../pipeline/publish.js';
import { parseFlags } from '../args.js';
import { publishSpec } from '../specs/publish.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { reportFailed, reportNewVersion } from '../../pipeline/report.js';
import { describeReport } from '../publish-report.js';

export async function publishCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, publishSpec, 'publish');
  const ctx = commandContext(io, values);
  const db = ctx.openDb();
  try {
    const outcome = publishFromDatabase({ config: ctx.config, db }, { force: values.force ?? false, dryRun: values['dry-run'] ?? false });
    const report = reportNewVersion(outcome, ctx.config.shortlistsDir, values['no-report']);
    if (values.json) printJson(io, { ...outcome, report });
    else io.stdout(describePublish(outcome, ctx.config.shortlistsDir) + describeReport(report, outcome.version));
    return outcome.reason === 'refused' || reportFailed(report) ? 1 : 0;
  } finally {
    db.close();
  }
}

/** `unmatched: false` when the shortlist follows, which says the same (update). */
export function describePublish(o: PublishOutcome, dir: string, options: { unmatched?: boolean } = {}): string {
  const counts = `high ${o.entries.high}, medium ${o.entries.medium}, low ${o.entries.low}`;
  const lines: string[] = [];
  if (o.reason === 'new') lines.push(`published version ${o.version} (${counts}) → ${o.file}`);
  if (o.reason === 'unchanged')
    lines.push(`nothing to publish: content unchanged since version ${o.version} (hash ${o.contentHash.slice(0, 12)})`);
  if (o.reason === 'dry-run') lines.push(`dry run: would publish version ${o.version} (${counts}) into ${dir}`);
  if (o.reason === 'refused')
    lines.push(
      `refused to publish version ${o.version}:`,
      ...o.refusals.map((r) => `  - ${r.message}`),
      '  review with `pareto publish --dry-run --json`, then publish with --force if the change is real',
    );
  else if (o.refusals.length > 0) lines.push('published despite (--force):', ...o.refusals.map((r) => `  - ${r.message}`));
  if (o.removedTemps?.length) lines.push(`removed ${o.removedTemps.length} temp file(s) an interrupted write left in ${dir}`);
  if (o.repairedLatest) lines.push(`repaired latest.json: ${o.repairedLatest}; it is a copy of version ${o.version} again`);
  for (const w of o.warnings) lines.push(`warning: ${w}`);
  if (o.unmatched > 0 && options.unmatched !== false)
    lines.push(`${o.unmatched} AA rows would qualify but have no OpenRouter model: see \`pareto match --unmatched\``);
  return `${lines.join('\n')}\n`;
}
