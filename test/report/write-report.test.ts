import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeShortlistReport } from '../../src/pipeline/report.js';
import { publishCaptureHistory } from '../support/published-shortlists.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-history-'));
  await publishCaptureHistory(dir);
});

describe('writeShortlistReport on two real versions (2026-07-22, then 2026-08-21/22)', () => {
  it('diffs the latest against the one before and shows both in the history', () => {
    const result = writeShortlistReport({ dir, spec: 'latest', now: new Date('2026-12-01T00:00:00Z') });
    expect(result).toMatchObject({
      version: 2,
      file: path.join(dir, '2.html'),
      previousVersion: 1,
      historyVersions: 2,
      skippedHistory: [],
    });
    const $ = cheerio.load(readFileSync(result.file, 'utf8'));
    expect($('#changes h2').text()).toBe('What changed since version 1');
    expect($('#changes .headline').text()).toMatch(/^shortlist 1 → 2: \d+ added, \d+ removed/);
    // Claude Opus 5 came out 2026-07-24: absent from the July data, the top of the August field.
    const added = $('#changes details:has(h3:contains("Entries added")) tbody tr')
      .toArray()
      .map((r) => $(r).text());
    expect(added).toContain('highanthropic/claude-opus-5@maxp100$5');
    const counts = $('#history table')
      .eq(1)
      .find('tbody tr td:first-child')
      .toArray()
      .map((td) => $(td).text());
    expect(counts).toEqual(['v1', 'v2']);
  });

  it('reports an older version with only the history up to it', () => {
    const result = writeShortlistReport({ dir, spec: '1' });
    expect(result).toMatchObject({ version: 1, file: path.join(dir, '1.html'), previousVersion: null, historyVersions: 1 });
    expect(readFileSync(result.file, 'utf8')).toContain('This is the first published version');
  });

  it('leaves an unreadable older version out of the history and says so; an unreadable previous version is an error', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'pareto-report-broken-'));
    for (const f of ['1.json', '2.json']) writeFileSync(path.join(copy, f), readFileSync(path.join(dir, f)));
    // 3.json: 2.json as version 3 (the content hash leaves the version out; without its envelope
    // hash the loader does not check the version), so 2 is its previous version.
    const three = JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8')) as Record<string, unknown>;
    delete three.envelopeHash;
    writeFileSync(path.join(copy, '3.json'), JSON.stringify({ ...three, version: 3 }, null, 2));
    writeFileSync(path.join(copy, '1.json'), '{ "truncated": ');
    const result = writeShortlistReport({ dir: copy, spec: '3' });
    expect(result.skippedHistory).toHaveLength(1);
    expect(result.skippedHistory[0]).toMatch(/^version 1: .*1\.json is truncated/);
    expect(readFileSync(result.file, 'utf8')).toContain('Left out of the history (unreadable): version 1');
    writeFileSync(path.join(copy, '2.json'), '{}');
    expect(() => writeShortlistReport({ dir: copy, spec: '3' })).toThrow(/2\.json is not a valid shortlist artifact/);
  });
});
