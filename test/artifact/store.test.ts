import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShortlist } from '../../src/artifact/load.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import type { ShortlistContent } from '../../src/artifact/schema.js';
import { listVersions, resolveShortlist, writeVersion } from '../../src/artifact/store.js';
import { ParetoError } from '../../src/errors.js';
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
  it('fails with a clear error and no temp file when a rename fails (works as root too)', () => {
    const d = dir();
    mkdirSync(path.join(d, 'latest.json'));
    const e = error(() => publish(d, baseContent()));
    expect(e.code).toBe('usage');
    expect(e.message).toMatch(/cannot write .*latest\.json \(EISDIR\)/);
    expect(temps(d)).toEqual([]);
    // The version file was complete before latest.json was attempted.
    expect(parseShortlist(readFileSync(path.join(d, '1.json'), 'utf8'), '1.json').version).toBe(1);
  });

  it('brings a stale latest.json back in step on an unchanged publish, and not on a dry run', () => {
    const d = dir();
    mkdirSync(path.join(d, 'latest.json'));
    error(() => publish(d, baseContent()));
    rmdirSync(path.join(d, 'latest.json'));
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
    for (const name of ['10.json', '2.json', '0.json', '01.json', 'latest.json', '3.json.123.tmp', 'notes.txt']) writeFileSync(path.join(d, name), '{}');
    mkdirSync(path.join(d, '7.json'));
    expect(listVersions(d)).toEqual([2, 10]);
    expect(listVersions(path.join(d, 'missing'))).toEqual([]);
  });

  it('refuses a numbered file that holds another version', () => {
    const d = dir();
    publish(d, baseContent());
    copyFileSync(path.join(d, '1.json'), path.join(d, '2.json'));
    const e = error(() => resolveShortlist(d, 'latest'));
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
