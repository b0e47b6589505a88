import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCurationFile, loadEffortVocabularies } from '../../src/pipeline/curation-files.js';

describe('loadCurationFile', () => {
  it('reads a file from disk and names it in errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'curation-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, '{ "version": 1, "exclusions": [{ "model": "a/b", "reason": "r" }] }');
    expect(loadCurationFile(good).exclusions).toHaveLength(1);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "version": 1, "pins": [{ "model": "a/b", "effort": null, "tier": "high" }] }');
    expect(() => loadCurationFile(bad)).toThrow(`${bad}:1: pins[0].reason: required`);
    expect(() => loadCurationFile(path.join(dir, 'missing.json'))).toThrow(/cannot read the curation file/);
  });
});

describe('loadEffortVocabularies', () => {
  it('says which file it could not read and how to fix it', () => {
    expect(() => loadEffortVocabularies('/nonexistent/vocab.json')).toThrow(
      /cannot read the effort vocabularies file \/nonexistent\/vocab.json/,
    );
  });
});
