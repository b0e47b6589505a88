import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ParetoError } from '../errors.js';
import { loadShortlistFile } from './load.js';
import type { Shortlist } from './schema.js';

/**
 * The shortlist folder: `<version>.json` files, immutable once written, and `latest.json`, a
 * full copy of the newest. Every write is a temp file in the same folder, fsynced, then renamed,
 * so a reader sees the old file or the new one, never half of one.
 */
export function listVersions(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function versionFile(dir: string, version: number): string {
  return path.join(dir, `${version}.json`);
}

export function latestVersion(dir: string): number | null {
  return listVersions(dir).at(-1) ?? null;
}

export function readLatest(dir: string): Shortlist | undefined {
  const latest = latestVersion(dir);
  return latest === null ? undefined : loadShortlistFile(versionFile(dir, latest));
}

/**
 * Resolves what a user names: a version number, `latest`, `previous`, or a path to a file.
 * Unknown versions say which ones exist.
 */
export function resolveShortlist(dir: string, spec: string): { shortlist: Shortlist; file: string } {
  const versions = listVersions(dir);
  const exists = versions.length ? `versions in ${dir}: ${versions.join(', ')}` : `${dir} has no published version yet; run \`pareto publish\``;
  let version: number | undefined;
  if (spec === 'latest') version = versions.at(-1);
  else if (spec === 'previous') version = versions.at(-2);
  else if (/^\d+$/.test(spec)) version = versions.includes(Number(spec)) ? Number(spec) : undefined;
  else return { shortlist: loadShortlistFile(spec), file: spec };
  if (version === undefined) throw new ParetoError('usage', `no shortlist version "${spec}"`, { hint: exists });
  const file = versionFile(dir, version);
  return { shortlist: loadShortlistFile(file), file };
}

/** Writes a new `<version>.json` (never replacing one) and then `latest.json`. */
export function writeVersion(dir: string, shortlist: Shortlist): string {
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(shortlist, null, 2)}\n`;
  const file = versionFile(dir, shortlist.version);
  writeAtomic(file, text, { exclusive: true });
  writeAtomic(path.join(dir, 'latest.json'), text, { exclusive: false });
  return file;
}

function writeAtomic(file: string, text: string, options: { exclusive: boolean }): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) {
      // link() fails if the name exists: two publishers racing cannot both create one version.
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw new ParetoError('usage', `${file} already exists: another publisher wrote this version first`, { hint: 'run publish again; it compares with the new latest' });
      }
    } else {
      renameSync(temp, file);
    }
  } finally {
    rmSync(temp, { force: true });
  }
}
