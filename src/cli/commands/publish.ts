import { publishFromDatabase, type PublishOutcome } from '../../pipeline/publish.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { describeReport, reportFailed, reportNewVersion } from '../publish-report.js';

export const publishHelp = `pareto publish — build the shortlist from the latest successful syncs and publish it if it changed

  --dry-run          build and check, write nothing
  --force            publish even when a guardrail refuses (empty tier, more than half of the
                     entries gone, AA index version or field changed, field shrunk by
                     more than a tenth)
  --no-report        do not write the HTML report beside a new version
  --db FILE          database file
  --json             { published, version, contentHash, reason, refusals, warnings, report, … }

Writes <version>.json and latest.json into $PARETO_SHORTLISTS (default data/shortlists), and
<version>.html, the report of a new version (see \`pareto report\`).
Exit 0 when published or unchanged, 1 when refused or when the report of a new version could
not be written (the version stays published; \`pareto report VERSION\` writes it again).
`;

export async function publishCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, 'no-report': { type: 'boolean' }, db: { type: 'string' }, json: { type: 'boolean' } }, 'publish');
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

export function describePublish(o: PublishOutcome, dir: string): string {
  const counts = `high ${o.entries.high}, medium ${o.entries.medium}, low ${o.entries.low}`;
  const lines: string[] = [];
  if (o.reason === 'new') lines.push(`published version ${o.version} (${counts}) → ${o.file}`);
  if (o.reason === 'unchanged') lines.push(`nothing to publish: content unchanged since version ${o.version} (hash ${o.contentHash.slice(0, 12)})`);
  if (o.reason === 'dry-run') lines.push(`dry run: would publish version ${o.version} (${counts}) into ${dir}`);
  if (o.reason === 'refused') lines.push(`refused to publish version ${o.version}:`, ...o.refusals.map((r) => `  - ${r.message}`), '  review with `pareto publish --dry-run --json`, then publish with --force if the change is real');
  else if (o.refusals.length > 0) lines.push('published despite (--force):', ...o.refusals.map((r) => `  - ${r.message}`));
  if (o.removedTemps?.length) lines.push(`removed ${o.removedTemps.length} temp file(s) an interrupted write left in ${dir}`);
  if (o.repairedLatest) lines.push(`repaired latest.json: ${o.repairedLatest}; it is a copy of version ${o.version} again`);
  for (const w of o.warnings) lines.push(`warning: ${w}`);
  if (o.unmatched > 0) lines.push(`${o.unmatched} AA rows would qualify but have no OpenRouter model: see \`pareto match --unmatched\``);
  return `${lines.join('\n')}\n`;
}
