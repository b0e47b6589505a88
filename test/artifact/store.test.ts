import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShortlist } from '../../src/artifact/load.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import type { ShortlistContent } from '../../src/artifact/schema.js';
import { listVersions, resolveShortlist, writeVersion } from '../../src/artifact/store.js';
import { ParetoError } from '../../src/errors.js';
import type { WriteChunk } from '../../src/util/write-file-complete.js';
import { artifact, baseContent } from '../support/diff-fixtures.js';

const SOURCES = { 'artificial-analysis': null, 'openrouter-models': null, 'openrouter-endpoints': null };
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'pareto-store-'));
const publish = (d: string, content: ShortlistContent, dryRun = false) =>
  publishShortlist({ dir: d, content, sources: SOURCES, now: new Date('2026-11-28T12:00:00Z'), dryRun });
const temps = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));
const changed = () => ({ ...baseContent(), exclusions: [] });

function error(fn: () => unknown): ParetoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParetoError);
    return e as ParetoError;
  }
  throw new Error('expected an error');
}

describe('atomic writes', () => {
  it('fails with a clear error, no temp file and no version when latest.json cannot be replaced (works as root too)', () => {
    const d = dir();
    mkdirSync(path.join(d, 'latest.json'));
    const e = error(() => publish(d, baseContent()));
    expect(e.code).toBe('usage');
    expect(e.message).toMatch(/cannot write .*latest\.json \(EISDIR\)/);
    // All or nothing: the version linked before latest.json failed is taken back.
    expect(readdirSync(d)).toEqual(['latest.json']);
  });

  it('publishes nothing when the disk fills while writing either file, and keeps the previous latest.json', () => {
    const d = dir();
    publish(d, baseContent());
    const before = readFileSync(path.join(d, 'latest.json'));
    const size = before.length;
    // Room for the version file and half of latest.json; then ENOSPC, after short writes.
    let left = size + Math.floor(size / 2);
    const write: WriteChunk = (fd, buffer, offset, length) => {
      if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      const n = writeSync(fd, buffer, offset, Math.min(left, length, 512));
      left -= n;
      return n;
    };
    const e = error(() => writeVersion(d, artifact(changed(), { version: 2 }), { write }));
    expect(e.code).toBe('disk_full');
    expect(readdirSync(d).sort()).toEqual(['1.json', 'latest.json']);
    expect(readFileSync(path.join(d, 'latest.json')).equals(before)).toBe(true);
  });

  it('brings a stale latest.json back in step on an unchanged publish, and not on a dry run', () => {
    const d = dir();
    publish(d, baseContent());
    rmSync(path.join(d, 'latest.json'));
    expect(publish(d, baseContent(), true)).toMatchObject({ reason: 'unchanged' });
    expect(readdirSync(d)).toEqual(['1.json']);
    expect(publish(d, baseContent())).toMatchObject({ reason: 'unchanged', published: false, version: 1 });
    expect(readFileSync(path.join(d, 'latest.json'), 'utf8')).toBe(readFileSync(path.join(d, '1.json'), 'utf8'));
    expect(temps(d)).toEqual([]);
  });

  it('never replaces an existing version file (a racing publisher fails clearly)', () => {
    const d = dir();
    publish(d, baseContent());
    const v1 = readFileSync(path.join(d, '1.json'));
    const latest = statSync(path.join(d, 'latest.json')).mtimeMs;
    const e = error(() => writeVersion(d, artifact(changed(), { version: 1 })));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('already exists: another publisher wrote this version first');
    expect(readFileSync(path.join(d, '1.json')).equals(v1)).toBe(true);
    expect(statSync(path.join(d, 'latest.json')).mtimeMs).toBe(latest);
    expect(temps(d)).toEqual([]);
  });

  it('does not write when the folder cannot be created', () => {
    const d = dir();
    writeFileSync(path.join(d, 'file'), 'x');
    const e = error(() => publish(path.join(d, 'file', 'shortlists'), baseContent()));
    expect(e.message).toMatch(/ENOTDIR/);
    expect(readdirSync(d)).toEqual(['file']);
  });
});

describe('the shortlist folder', () => {
  it('lists only <positive integer>.json files, in numeric order', () => {
    const d = dir();
    for (const name of ['10.json', '2.json', '0.json', '01.json', 'latest.json', '3.json.123.tmp', 'notes.txt'])
      writeFileSync(path.join(d, name), '{}');
    mkdirSync(path.join(d, '7.json'));
    expect(listVersions(d)).toEqual([2, 10]);
    expect(listVersions(path.join(d, 'missing'))).toEqual([]);
  });

  it('refuses a numbered file that holds another version', () => {
    const d = dir();
    publish(d, baseContent());
    copyFileSync(path.join(d, '1.json'), path.join(d, '2.json'));
    const e = error(() => resolveShortlist(d, '2'));
    expect(e.code).toBe('schema');
    expect(e.message).toBe(`${path.join(d, '2.json')} holds version 1`);
  });

  it('names the path of a missing schemaVersion instead of calling it an unknown version', () => {
    const text = JSON.stringify({ ...artifact(), schemaVersion: undefined });
    const e = error(() => parseShortlist(text, 'x.json'));
    expect(e.message).toMatch(/not a valid shortlist artifact: schemaVersion: /);
    expect(error(() => parseShortlist('null', 'x.json')).message).toMatch(/not a valid shortlist artifact: \(root\)/);
  });
});
