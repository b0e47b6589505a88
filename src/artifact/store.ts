import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isParetoError, ParetoError } from '../errors.js';
import { prepareFileComplete, syncDir, type PreparedFile, type WriteChunk } from '../util/write-file-complete.js';
import { loadShortlistFile } from './load.js';
import type { Shortlist } from './schema.js';

/**
 * The shortlist folder: `<version>.json` files, immutable once written, and `latest.json`, a
 * full copy of the newest. Every write goes through writeFileComplete (verified temp file, then
 * rename or link), so a reader sees the old file or the new one, never half of one.
 */
export function listVersions(dir: string): number[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // A folder nobody published into yet has no versions; an unreadable one is an error, not "empty".
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ParetoError('usage', `cannot read the shortlist folder ${dir} (${(error as NodeJS.ErrnoException).code})`, {
      hint: 'check $PARETO_SHORTLISTS',
    });
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => /^([1-9]\d*)\.json$/.exec(e.name)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function latestFile(dir: string): string {
  return path.join(dir, 'latest.json');
}

export function versionFile(dir: string, version: number): string {
  return path.join(dir, `${version}.json`);
}

export function latestVersion(dir: string): number | null {
  return listVersions(dir).at(-1) ?? null;
}

/** The newest `<version>.json`: what a publish compares with and numbers after. */
export function readNewest(dir: string): Shortlist | undefined {
  const newest = latestVersion(dir);
  return newest === null ? undefined : loadShortlistFile(versionFile(dir, newest));
}

/** `latest.json`, the file routers load, verified; undefined when nothing is published. */
export function readLatest(dir: string): Shortlist | undefined {
  if (!existsSync(latestFile(dir))) return undefined;
  return loadLatestFile(dir);
}

function loadLatestFile(dir: string): Shortlist {
  try {
    return loadShortlistFile(latestFile(dir));
  } catch (error) {
    if (!isParetoError(error)) throw error;
    const newest = latestVersion(dir);
    const fix = newest === null ? 'publish again' : `run \`pareto publish\` to rewrite it from ${newest}.json`;
    throw new ParetoError(error.code, error.message, { hint: `routers loading latest.json fail the same way; ${fix}`, cause: error });
  }
}

/**
 * Resolves what a user names: a version number, `latest`, `previous`, or a path to a file.
 * Unknown versions say which ones exist.
 */
export function resolveShortlist(dir: string, spec: string): { shortlist: Shortlist; file: string } {
  const versions = listVersions(dir);
  const exists = versions.length
    ? `versions in ${dir}: ${versions.join(', ')}`
    : `${dir} has no published version yet; run \`pareto publish\``;
  let version: number | undefined;
  // `latest` is latest.json itself, what routers load, not the newest numbered file.
  if (spec === 'latest' && existsSync(latestFile(dir))) return { shortlist: loadLatestFile(dir), file: latestFile(dir) };
  if (spec === 'latest' && versions.length > 0) {
    throw new ParetoError('usage', `${latestFile(dir)} is missing (the newest version is ${versions.at(-1)})`, {
      hint: 'routers loading latest.json fail the same way; run `pareto publish` to write it again',
    });
  }
  if (spec === 'latest') version = undefined;
  else if (spec === 'previous') version = versions.at(-2);
  else if (/^\d+$/.test(spec)) version = versions.includes(Number(spec)) ? Number(spec) : undefined;
  else return { shortlist: loadShortlistFile(spec), file: spec };
  if (version === undefined) throw new ParetoError('usage', `no shortlist version "${spec}"`, { hint: exists });
  const file = versionFile(dir, version);
  // The loader also checks that <N>.json holds version N.
  return { shortlist: loadShortlistFile(file), file };
}

/**
 * Writes a new `<version>.json` (never replacing one) and then `latest.json`, all or nothing: both
 * files are written and verified as temp files first, so a full disk stops the publish before
 * either is visible; if `latest.json` cannot be put in place the new version is taken back.
 */
export function writeVersion(dir: string, shortlist: Shortlist, options: { write?: WriteChunk } = {}): string {
  const text = `${JSON.stringify(shortlist, null, 2)}\n`;
  const file = versionFile(dir, shortlist.version);
  const version = prepareFileComplete(file, text, { exclusive: true, write: options.write });
  let latest: PreparedFile | undefined;
  try {
    latest = prepareFileComplete(latestFile(dir), text, { write: options.write });
    try {
      version.commit();
    } catch (error) {
      if (!isParetoError(error, 'conflict')) throw error;
      throw new ParetoError('conflict', `${file} already exists: another publisher wrote this version first`, {
        hint: 'run publish again; it compares with the new latest',
      });
    }
    try {
      latest.commit();
    } catch (error) {
      rmSync(file, { force: true });
      syncDir(dir);
      throw error;
    }
  } finally {
    version.discard();
    latest?.discard();
  }
  return file;
}
