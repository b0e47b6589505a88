import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** A temp file this old is left over whoever wrote it: a complete write takes well under a second. */
const ABANDONED_AFTER_MS = 60 * 60_000;
/** Younger than this, even a temp of a pid unknown here may be another host's write in flight. */
const IN_FLIGHT_MS = 60_000;

/**
 * Removes the `*.tmp` files a crash (kill -9, power loss) left in `dir`: those of a pid that no
 * longer runs, and any older than an hour. Temp names carry the writer's pid
 * (`<target>.<pid>.<random>.tmp`, see write-file-complete.ts). Returns the names removed.
 */
export function removeStaleTemps(dir: string, options: { now?: number; isAlive?: (pid: number) => boolean } = {}): string[] {
  const now = options.now ?? Date.now();
  const isAlive = options.isAlive ?? isProcessAlive;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let age: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) continue;
      age = now - stat.mtimeMs;
    } catch {
      continue;
    }
    const pid = Number(/\.(\d+)\.[^.]+\.tmp$/.exec(name)?.[1]);
    const writerGone = Number.isSafeInteger(pid) && pid !== process.pid && !isAlive(pid);
    if (age > ABANDONED_AFTER_MS || (writerGone && age > IN_FLIGHT_MS)) {
      rmSync(file, { force: true });
      removed.push(name);
    }
  }
  return removed.sort();
}
