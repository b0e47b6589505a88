import { existsSync } from 'node:fs';
import { listVersions, resolveShortlist } from '../artifact/store.js';
import type { Shortlist } from '../artifact/schema.js';
import type { Config } from '../config.js';
import { ParetoError } from '../errors.js';

/**
 * A published shortlist by version, alias or file, for the commands that read them. With nothing
 * published it says what to run: `pareto update` when nothing was synced either (a new user),
 * `pareto publish` when the data is there.
 */
export function readPublished(config: Config, spec: string): Shortlist {
  const isVersion = spec === 'latest' || spec === 'previous' || /^\d+$/.test(spec);
  if (isVersion && listVersions(config.shortlistsDir).length === 0) {
    const synced = existsSync(config.dbPath);
    throw new ParetoError('empty', `no shortlist is published in ${config.shortlistsDir}`, {
      hint: synced
        ? 'run `pareto publish` to build it from the synced data (or pass --shortlists DIR)'
        : 'run `pareto update` to sync and publish (`pareto update --sample` works offline), or pass --shortlists DIR',
    });
  }
  return resolveShortlist(config.shortlistsDir, spec).shortlist;
}
