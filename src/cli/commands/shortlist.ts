import { listVersions, resolveShortlist } from '../../artifact/store.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderShortlist } from '../render-shortlist.js';

export const shortlistHelp = `pareto shortlist [VERSION] — show a published shortlist (default: latest)

  VERSION            a version number, latest, previous, or a path to an artifact file
  --versions         list the published versions
  --json             print the artifact itself
`;

export async function shortlistCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, { versions: { type: 'boolean' }, json: { type: 'boolean' }, db: { type: 'string' } }, 'shortlist');
  const { config } = commandContext(io, values);
  if (values.versions) {
    const versions = listVersions(config.shortlistsDir);
    if (values.json) printJson(io, { dir: config.shortlistsDir, versions });
    else io.stdout(versions.length ? `${versions.join('\n')}\n` : `no versions in ${config.shortlistsDir}\n`);
    return 0;
  }
  const { shortlist } = resolveShortlist(config.shortlistsDir, positionals[0] ?? 'latest');
  if (values.json) printJson(io, shortlist);
  else io.stdout(renderShortlist(shortlist));
  return 0;
}
