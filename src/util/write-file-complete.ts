import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ParetoError } from '../errors.js';

/** The one call that moves bytes to disk, injectable so tests can make it write short or fail. */
export type WriteChunk = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

export interface WriteFileCompleteOptions {
  /** File mode of the new file (before the umask). */
  readonly mode?: number;
  /** Never replace an existing file: link instead of rename, so a second writer gets a 'conflict' error. */
  readonly exclusive?: boolean;
  readonly write?: WriteChunk;
}

/** A complete, verified temp file beside its target, not yet visible under the target's name. */
export interface PreparedFile {
  readonly file: string;
  /** Makes the file visible under its name (and durable); the temp is gone afterwards. */
  commit(): void;
  /** Removes the temp file if it is still there; safe to call after commit or twice. */
  discard(): void;
}

/** Names of our temp files: `<target>.<pid>.<random>.tmp`, so a cleaner can tell whose they are. */
export const TEMP_PATTERN = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes a file completely or not at all: the bytes go to a temp file in the same folder, written
 * in a loop (a full disk returns short counts before it fails), fsynced, and read back (size and
 * bytes) before they are renamed (or linked) into place, then the folder is fsynced. On any
 * failure the temp file is removed and the target is left as it was. A full disk or quota is
 * reported as `disk_full`, naming the path.
 */
export function writeFileComplete(file: string, data: string | Uint8Array, options: WriteFileCompleteOptions = {}): void {
  const prepared = prepareFileComplete(file, data, options);
  try {
    prepared.commit();
  } finally {
    prepared.discard();
  }
}

/**
 * The first half of {@link writeFileComplete}: callers that publish several files together
 * prepare all of them first, so a full disk stops them before any one is visible.
 */
export function prepareFileComplete(file: string, data: string | Uint8Array, options: WriteFileCompleteOptions = {}): PreparedFile {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const discard = (): void => rmSync(temp, { force: true });
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeVerified(temp, bytes, options);
  } catch (error) {
    discard();
    throw writeError(file, error);
  }
  return {
    file,
    discard,
    commit() {
      try {
        if (options.exclusive) {
          // link() fails if the name exists where rename() would replace it.
          linkSync(temp, file);
          unlinkSync(temp);
        } else {
          renameSync(temp, file);
        }
        syncDir(path.dirname(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && options.exclusive) {
          throw new ParetoError('conflict', `${file} already exists`, { hint: 'it was not replaced', cause: error });
        }
        throw writeError(file, error);
      }
    },
  };
}

function writeVerified(temp: string, bytes: Uint8Array, options: WriteFileCompleteOptions): void {
  const write = options.write ?? writeSync;
  const fd = openSync(temp, 'wx+', options.mode ?? 0o644);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const written = write(fd, bytes, offset, bytes.length - offset);
      // A regular file that takes no bytes and reports no error would loop forever: treat it as full.
      if (!(written > 0)) throw Object.assign(new Error(`write accepted 0 of ${bytes.length - offset} bytes`), { code: 'ENOSPC' });
      offset += written;
    }
    fsyncSync(fd);
    verify(fd, temp, bytes);
  } finally {
    closeSync(fd);
  }
}

/** Reads the temp file back: a write that claimed more than it stored must not be published. */
function verify(fd: number, temp: string, bytes: Uint8Array): void {
  const size = fstatSync(fd).size;
  if (size !== bytes.length) throw new VerifyError(`${temp} holds ${size} of ${bytes.length} bytes after writing`);
  const back = Buffer.alloc(bytes.length);
  let offset = 0;
  while (offset < back.length) {
    const read = readSync(fd, back, offset, back.length - offset, offset);
    if (read === 0) break;
    offset += read;
  }
  if (offset !== bytes.length || !back.equals(bytes)) throw new VerifyError(`${temp} does not read back as written`);
}

class VerifyError extends Error {}

function writeError(file: string, error: unknown): ParetoError {
  if (error instanceof ParetoError) return error;
  const dir = path.dirname(file);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ParetoError(
      'disk_full',
      `the disk is full: cannot write ${file} (${code}); nothing was replaced and no partial file was left`,
      {
        hint: `free space on the disk holding ${dir} (see \`df -h ${dir}\`) or raise the quota, then run the command again`,
        cause: error,
      },
    );
  }
  if (error instanceof VerifyError) {
    return new ParetoError('io', `cannot write ${file}: ${error.message}; nothing was replaced`, {
      hint: `check the disk holding ${dir}, then run the command again`,
      cause: error,
    });
  }
  return new ParetoError('usage', `cannot write ${file} (${code ?? String(error)}); the file was not replaced`, {
    hint: `check that ${dir} is a writable folder`,
    cause: error,
  });
}

/** Makes a rename itself survive a crash; platforms that cannot open a folder only lose that. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort (Windows cannot fsync a folder).
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
