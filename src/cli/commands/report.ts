import path from 'node:path';
import { writeShortlistReport } from '../../pipeline/report.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';

export const reportHelp = `pareto report [VERSION] — write the HTML report of a shortlist version (default: latest)

  VERSION            a version number, latest, previous, or a path to an artifact file
  --out FILE         where to write it (default: <version>.html in $PARETO_SHORTLISTS,
                     or x.html beside an artifact file x.json)
  --json             { version, file, bytes, previousVersion, historyVersions, skippedHistory }

One self-contained page that loads nothing from the network: the price/score frontier, the
:nitro view, each tier's chains and entries, what changed since the previous version, the
history of primaries and entry counts, and provenance with AA's attribution.
`;

export async function reportCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, json: { type: 'boolean' }, db: { type: 'string' } }, 'report');
  const { config } = commandContext(io, values);
  const named = positionals[0] ?? 'latest';
  const result = writeShortlistReport({
    dir: config.shortlistsDir,
    // A file is named relative to where the command runs; versions are looked up in the folder.
    spec: /^(\d+|latest|previous)$/.test(named) ? named : path.resolve(io.cwd, named),
    ...(values.out ? { out: path.resolve(io.cwd, values.out) } : {}),
  });
  if (values.json) printJson(io, result);
  else io.stdout(`wrote the report of version ${result.version} → ${result.file}${result.previousVersion === null ? '' : ` (changes since version ${result.previousVersion})`}\n`);
  for (const skipped of result.skippedHistory) io.stderr(`pareto report: left out of the history: ${skipped}\n`);
  return 0;
}
