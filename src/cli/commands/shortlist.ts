import { listVersions } from '../../artifact/store.js';
import { parseFlags } from '../args.js';
import { shortlistSpec } from '../specs/shortlist.js';
import { configFromFlags } from '../config-from-flags.js';
import { printJson, type Io } from '../io.js';
import { readPublished } from '../published.js';
import { renderShortlist } from '../render-shortlist.js';

export async function shortlistCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, shortlistSpec, 'shortlist');
  const config = configFromFlags(io, values);
  if (values.versions) {
    const versions = listVersions(config.shortlistsDir);
    if (values.json) printJson(io, { dir: config.shortlistsDir, versions });
    else io.stdout(versions.length ? `${versions.join('\n')}\n` : `no versions in ${config.shortlistsDir}\n`);
    return 0;
  }
  const shortlist = readPublished(config, positionals[0] ?? 'latest');
  if (values.json) printJson(io, shortlist);
  else io.stdout(renderShortlist(shortlist));
  return 0;
}
