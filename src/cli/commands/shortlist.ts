import { parseFlags } from '../args.js';
import { shortlistSpec } from '../specs/shortlist.js';
import { configFromFlags } from '../config-from-flags.js';
import { printJson, type Io } from '../io.js';
import { readPublished } from '../published.js';
import { renderShortlist } from '../render-shortlist.js';
import { describeVersions, renderVersions } from '../versions.js';

export async function shortlistCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, shortlistSpec, 'shortlist');
  const config = configFromFlags(io, values);
  if (values.versions) {
    const published = describeVersions(config.shortlistsDir);
    if (values.json) printJson(io, { dir: config.shortlistsDir, versions: published.map((v) => v.version), published });
    else
      io.stdout(published.length ? `${renderVersions(published, io.columns ?? Infinity)}\n` : `no versions in ${config.shortlistsDir}\n`);
    return 0;
  }
  const shortlist = readPublished(config, positionals[0] ?? 'latest');
  if (values.json) printJson(io, shortlist);
  else io.stdout(renderShortlist(shortlist, io.columns));
  return 0;
}
