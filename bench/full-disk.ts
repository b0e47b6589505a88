/**
 * Full-disk replay: shortlists on a 1 MiB tmpfs, versions 1 and 2 published with room to spare,
 * then the tmpfs is filled to leave one of 20 free-space levels and version 3 is published.
 * Every level must end "published complete" (3.json and latest.json load and latest.json is
 * version 3) or "refused" (a disk-full error, and the folder holds exactly what it held before,
 * with latest.json still loading as version 2). Anything else is printed as BROKEN and the
 * script exits 1. Needs root (it mounts a tmpfs); otherwise it says why and exits 0.
 *
 *   npm run build && node dist/bench/full-disk.js
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadShortlistFile } from '../src/artifact/load.js';
import { loadConfig, parseBands, type Config } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/open.js';
import { isParetoError, messageOf } from '../src/errors.js';
import { publishFromDatabase } from '../src/pipeline/publish.js';
import { readRecordingDir } from '../src/pipeline/recording.js';
import { syncSources } from '../src/pipeline/sync.js';
import { packageRoot } from '../src/util/package-root.js';
import { silentLogger } from '../src/util/log.js';
import { mountTmpfs, type Tmpfs } from '../scripts/lib/tmpfs.js';

const LEVELS = 20;
// Three tier splits give three different, equally valid shortlists from the same data.
const BANDS = ['95,85,50', '93,80,45', '90,75,40'];

type Outcome = { level: number; free: number; result: 'published complete' | 'refused' | 'BROKEN'; detail: string };

function publishAt(config: Config, db: Db, bands: string) {
  return publishFromDatabase({ config: { ...config, tierBands: parseBands(bands) }, db, now: () => new Date('2026-12-01T00:00:00Z') });
}

function check(fs: Tmpfs, before: string[], error: unknown): Pick<Outcome, 'result' | 'detail'> {
  const names = readdirSync(fs.dir)
    .filter((n) => !n.startsWith('ballast'))
    .sort();
  try {
    const latest = loadShortlistFile(path.join(fs.dir, 'latest.json'));
    for (const n of names.filter((n) => /^\d+\.json$/.test(n))) {
      const v = loadShortlistFile(path.join(fs.dir, n));
      if (`${v.version}.json` !== n) return { result: 'BROKEN', detail: `${n} holds version ${v.version}` };
    }
    if (error === undefined) {
      const ok = latest.version === 3 && names.join() === '1.json,2.json,3.json,latest.json';
      return ok
        ? {
            result: 'published complete',
            detail: `latest.json is version 3 (${readFileSync(path.join(fs.dir, 'latest.json')).length} bytes)`,
          }
        : { result: 'BROKEN', detail: `published, but the folder holds ${names.join(', ')} with latest.json at version ${latest.version}` };
    }
    const unchanged = names.join() === before.join() && latest.version === 2;
    if (isParetoError(error, 'disk_full') && unchanged)
      return { result: 'refused', detail: messageOf(error).split('\n')[0]!.replace(fs.dir, '<tmpfs>') };
    return { result: 'BROKEN', detail: `failed with ${messageOf(error)}; folder holds ${names.join(', ')}` };
  } catch (loadError) {
    return { result: 'BROKEN', detail: `${messageOf(loadError)} (folder: ${names.join(', ')})` };
  }
}

async function main(): Promise<number> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'pareto-full-disk-'));
  const db = openDatabase(path.join(work, 'bench.db'));
  const config = loadConfig({}, {}, work);
  const synced = await syncSources(
    { config, db, log: silentLogger },
    { mode: { kind: 'replay', recordings: readRecordingDir(path.join(packageRoot(), 'data', 'sample')) } },
  );
  if (!synced.ok) throw new Error('the sample sync failed');
  const outcomes: Outcome[] = [];
  let size = 0;
  for (let level = 0; level < LEVELS; level++) {
    const fs = mountTmpfs('1m');
    if (typeof fs === 'string') {
      console.log(`full-disk replay skipped: ${fs}`);
      return 0;
    }
    try {
      const cfg = { ...config, shortlistsDir: fs.dir };
      publishAt(cfg, db, BANDS[0]!);
      publishAt(cfg, db, BANDS[1]!);
      size ||= readFileSync(path.join(fs.dir, 'latest.json')).length;
      // From nothing free to room for both new files and then some, in equal steps.
      const free = Math.round((level / (LEVELS - 1)) * size * 2.6);
      fs.leaveFree(free);
      const before = readdirSync(fs.dir)
        .filter((n) => !n.startsWith('ballast'))
        .sort();
      const freeNow = fs.freeBytes();
      let error: unknown;
      try {
        publishAt(cfg, db, BANDS[2]!);
      } catch (e) {
        error = e;
      }
      outcomes.push({ level: level + 1, free: freeNow, ...check(fs, before, error) });
    } finally {
      fs.unmount();
    }
  }
  db.close();
  rmSync(work, { recursive: true, force: true });
  console.log(`full-disk replay — 1 MiB tmpfs, a shortlist of ${size} bytes, ${LEVELS} free-space levels`);
  for (const o of outcomes)
    console.log(
      `${String(o.level).padStart(2)}  ${String(Math.round(o.free / 1024)).padStart(4)} KiB free  ${o.result.padEnd(18)}  ${o.detail}`,
    );
  const broken = outcomes.filter((o) => o.result === 'BROKEN').length;
  console.log(broken === 0 ? `all ${LEVELS} levels published complete or refused` : `${broken} of ${LEVELS} levels left a broken folder`);
  return broken === 0 ? 0 : 1;
}

process.exitCode = await main();
