import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShortlist } from '../../src/artifact/load.js';
import { publishShortlist } from '../../src/artifact/publish.js';
import { ParetoError } from '../../src/errors.js';
import { loadShortlist } from '../../src/resolver/load.js';
import { artifact, baseContent } from '../support/diff-fixtures.js';

type Json = Record<string, any>;

function published(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-integrity-'));
  publishShortlist({
    dir,
    content: baseContent(),
    sources: {
      'artificial-analysis': { runId: 3, fetchedAt: '2026-11-28T11:00:00.000Z', mode: 'live' },
      'openrouter-models': null,
      'openrouter-endpoints': null,
    },
    now: new Date('2026-11-28T12:00:00Z'),
  });
  return dir;
}

async function rejection(file: string): Promise<ParetoError> {
  const error = await loadShortlist(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParetoError);
  return error as ParetoError;
}

describe('artifact integrity beyond the content hash', () => {
  it('a publish writes an envelope hash, and the artifact loads', async () => {
    const dir = published();
    const json = JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8')) as Json;
    expect(json.envelopeHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadShortlist(path.join(dir, 'latest.json'))).version).toBe(1);
  });

  it.each([
    ['version', (a: Json) => (a.version = 99)],
    ['createdAt', (a: Json) => (a.createdAt = '2030-01-01T00:00:00.000Z')],
    ['sources', (a: Json) => (a.sources['openrouter-models'] = { runId: 1, fetchedAt: '2026-11-28T11:00:00.000Z', mode: 'live' })],
  ])('an edited %s in latest.json is rejected, not routed with', async (_, edit) => {
    const dir = published();
    const file = path.join(dir, 'latest.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
    edit(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
    const error = await rejection(file);
    expect(error.message).toBe(
      `${file} is tampered or corrupted: its version, createdAt or sources were changed after publishing (envelopeHash does not match)`,
    );
  });

  it('<N>.json must hold version N (a renamed or copied file)', async () => {
    const dir = published();
    copyFileSync(path.join(dir, '1.json'), path.join(dir, '5.json'));
    expect((await rejection(path.join(dir, '5.json'))).message).toBe(`${path.join(dir, '5.json')} holds version 1`);
    expect(() => parseShortlist(readFileSync(path.join(dir, '1.json'), 'utf8'), 'https://cdn.example/shortlists/7.json?sig=x')).toThrow(
      'holds version 1',
    );
    expect(parseShortlist(readFileSync(path.join(dir, '1.json'), 'utf8'), 'https://cdn.example/shortlists/latest.json').version).toBe(1);
  });

  it('an artifact from before the envelope hash still loads (its envelope is unchecked)', () => {
    const legacy = artifact(baseContent(), { version: 4 });
    expect('envelopeHash' in legacy).toBe(false);
    expect(parseShortlist(JSON.stringify(legacy), 'old/4.json').version).toBe(4);
  });
});
