import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountTmpfs } from '../../scripts/lib/tmpfs.js';
import { ParetoError } from '../../src/errors.js';
import { writeFileComplete, type WriteChunk } from '../../src/util/write-file-complete.js';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'pareto-write-'));
const DATA = `${JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ i, name: `model-${i}` })) })}\n`;

function error(fn: () => unknown): ParetoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParetoError);
    return e as ParetoError;
  }
  throw new Error('expected an error');
}

/** Writes at most `chunk` bytes per call, as a nearly full disk does. */
const shortWrites =
  (chunk: number): WriteChunk =>
  (fd, buffer, offset, length) =>
    writeSync(fd, buffer, offset, Math.min(chunk, length));

/** Writes `limit` bytes in total, short counts first, then fails the way a full disk does. */
function fullAfter(limit: number): WriteChunk {
  let left = limit;
  return (fd, buffer, offset, length) => {
    if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = writeSync(fd, buffer, offset, Math.min(left, length));
    left -= n;
    return n;
  };
}

describe('writeFileComplete', () => {
  it('keeps writing after short writes until every byte is on disk', () => {
    const d = dir();
    const file = path.join(d, 'out.json');
    writeFileComplete(file, DATA, { write: shortWrites(1000) });
    expect(readFileSync(file, 'utf8')).toBe(DATA);
    expect(readdirSync(d)).toEqual(['out.json']);
  });

  it('reports a full disk naming the path, keeps the old file and leaves no temp file', () => {
    const d = dir();
    const file = path.join(d, 'latest.json');
    writeFileSync(file, 'old');
    const e = error(() => writeFileComplete(file, DATA, { write: fullAfter(4096) }));
    expect(e.code).toBe('disk_full');
    expect(e.message).toContain(`the disk is full: cannot write ${file} (ENOSPC)`);
    expect(e.hint).toContain(`free space on the disk holding ${d}`);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['latest.json']);
  });

  it('treats a write that takes no bytes as a full disk instead of looping', () => {
    const d = dir();
    const e = error(() => writeFileComplete(path.join(d, 'x.json'), DATA, { write: () => 0 }));
    expect(e.code).toBe('disk_full');
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses to publish a file that does not read back as written (a write that over-reports)', () => {
    const d = dir();
    const lying: WriteChunk = (fd, buffer, offset, length) => {
      writeSync(fd, buffer, offset, Math.max(0, length - 10));
      return length;
    };
    const e = error(() => writeFileComplete(path.join(d, 'x.json'), DATA, { write: lying }));
    expect(e.code).toBe('io');
    expect(e.message).toMatch(/holds \d+ of \d+ bytes after writing; nothing was replaced/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('never replaces an existing file when exclusive', () => {
    const d = dir();
    const file = path.join(d, '1.json');
    writeFileSync(file, 'first');
    const e = error(() => writeFileComplete(file, DATA, { exclusive: true }));
    expect(e.code).toBe('conflict');
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(d)).toEqual(['1.json']);
  });

  it('applies the mode', () => {
    const d = dir();
    const file = path.join(d, 'private.json');
    const umask = process.umask(0o022);
    try {
      writeFileComplete(file, DATA, { mode: 0o600 });
    } finally {
      process.umask(umask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('writeFileComplete on a real full tmpfs', () => {
  const fs = mountTmpfs('1m');
  afterAll(() => {
    if (typeof fs !== 'string') fs.unmount();
  });
  if (typeof fs === 'string') console.log(`skipping the tmpfs tests: ${fs}`);

  it.skipIf(typeof fs === 'string')('refuses with disk_full and leaves the previous file whole', () => {
    if (typeof fs === 'string') return;
    const file = path.join(fs.dir, 'latest.json');
    writeFileComplete(file, 'previous');
    const big = 'x'.repeat(200_000);
    fs.leaveFree(64 * 1024);
    const e = error(() => writeFileComplete(file, big));
    expect(e.code).toBe('disk_full');
    expect(readFileSync(file, 'utf8')).toBe('previous');
    expect(readdirSync(fs.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
