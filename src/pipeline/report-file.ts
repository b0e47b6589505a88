import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ParetoError } from '../errors.js';

/**
 * Writes a report complete or not at all: a temp file in the same folder, fsynced, renamed
 * over the target, then the folder fsynced. A full disk or a crash leaves the previous report
 * (or none), never half a page.
 */
export function writeReportFile(file: string, html: string): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, html);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    syncDir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ParetoError('usage', `cannot write the report ${file} (${code}); nothing was replaced`, { hint: `check that ${dir} is a writable folder with free space`, cause: error });
  } finally {
    rmSync(temp, { force: true });
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: some platforms cannot open a folder.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
