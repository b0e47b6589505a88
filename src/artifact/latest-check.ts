import { readFileSync } from 'node:fs';
import { isParetoError } from '../errors.js';
import { parseShortlist } from './load.js';
import type { Shortlist } from './schema.js';
import { latestFile, latestVersion, versionFile } from './store.js';
import { writeFileComplete } from '../util/write-file-complete.js';

/** What `latest.json` (the file routers load) holds, against the newest `<N>.json`. */
export interface LatestCheck {
  /** latest.json, loaded and verified; undefined when it is missing or does not load. */
  readonly latest: Shortlist | undefined;
  readonly newestVersion: number | null;
  /** What is wrong with latest.json; null when it is a byte-for-byte copy of the newest version, or nothing is published. */
  readonly problem: string | null;
}

/**
 * Loads latest.json the way a router does (schema, hash, consistency) and compares it with the
 * newest version: a crash between writing the two, a stalled publisher or a hand edit all show
 * here, while the numbered files alone look fine.
 */
export function checkLatest(dir: string): LatestCheck {
  const newestVersion = latestVersion(dir);
  const file = latestFile(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return {
        latest: undefined,
        newestVersion,
        problem: newestVersion === null ? null : `${file} is missing (the newest version is ${newestVersion})`,
      };
    return { latest: undefined, newestVersion, problem: `cannot read ${file} (${code ?? String(error)})` };
  }
  let latest: Shortlist;
  try {
    latest = parseShortlist(text, file);
  } catch (error) {
    if (!isParetoError(error)) throw error;
    return { latest: undefined, newestVersion, problem: error.message };
  }
  if (newestVersion === null)
    return { latest, newestVersion, problem: `${file} holds version ${latest.version}, but no <version>.json is published beside it` };
  if (latest.version !== newestVersion)
    return { latest, newestVersion, problem: `${file} holds version ${latest.version}, the newest published version is ${newestVersion}` };
  if (readVersionText(dir, newestVersion) !== text) return { latest, newestVersion, problem: `${file} differs from ${newestVersion}.json` };
  return { latest, newestVersion, problem: null };
}

function readVersionText(dir: string, version: number): string | undefined {
  try {
    return readFileSync(versionFile(dir, version), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Makes `latest.json` a copy of the newest `<version>.json` again when it is not (a publisher
 * stopped between the two writes, a full disk, or someone edited it). Without this an unchanged
 * publish would leave it stale until the content next changes. Returns what was wrong with it,
 * or undefined when it was fine.
 */
export function repairLatest(dir: string, version: number): string | undefined {
  const problem = checkLatest(dir).problem;
  if (problem === null) return undefined;
  writeFileComplete(latestFile(dir), readFileSync(versionFile(dir, version), 'utf8'));
  return problem;
}
