import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { publishFromDatabase } from '../../src/pipeline/publish.js';
import { readRecordingDir, type Recording } from '../../src/pipeline/recording.js';
import { syncSources } from '../../src/pipeline/sync.js';
import { packageRoot } from '../../src/util/package-root.js';
import { memoryLogger } from '../support/source-context.js';

const AA_KEY = 'aa-redaction-SECRET-1234567';
const OR_KEY = 'sk-or-redaction-SECRET-7654321';
type Json = Record<string, any>;

/** The key with every other character written as a JSON \u escape: the text differs, the value is the key. */
const escaped = (key: string) => [...key].map((c, i) => (i % 2 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');

/**
 * The bundled sample with every model name echoing a key inside 200 answers: AA rows (half of
 * them with the key \u-escaped), OpenRouter model names and endpoint names (escaped).
 */
function echoing(): Recording[] {
  return readRecordingDir(path.join(packageRoot(), 'data', 'sample')).map((recording) => ({
    ...recording,
    responses: recording.responses.map((r) => {
      if (r.status !== 200) return r;
      const body = JSON.parse(r.body) as Json;
      if (recording.source === 'artificial-analysis') {
        body.data.forEach((row: Json, i: number) => (row.name = `${row.name} ${i % 2 ? 'ESCAPED-AA' : AA_KEY}`));
      } else if (recording.source === 'openrouter-models') {
        for (const model of body.data) model.name = `${model.name} ${OR_KEY}`;
      } else {
        for (const endpoint of body.data.endpoints) endpoint.name = `${endpoint.name} ESCAPED-OR`;
      }
      const text = JSON.stringify(body).replaceAll('ESCAPED-AA', escaped(AA_KEY)).replaceAll('ESCAPED-OR', escaped(OR_KEY));
      return { ...r, body: text };
    }),
  }));
}

describe('redaction of what sources return', () => {
  it('keys echoed in 200 answers (plain or \\u-escaped) are in no stored row, raw answer, run, log line or published artifact', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-redaction-'));
    const config = loadConfig({ AA_API_KEY: AA_KEY, OPENROUTER_API_KEY: OR_KEY, PARETO_SHORTLISTS: path.join(dir, 'shortlists') }, {}, dir);
    const db = openDatabase(path.join(dir, 'pareto.db'));
    const log = memoryLogger();
    const recordings = echoing();
    // The answers really carry the keys, as values once decoded.
    expect(recordings.find((r) => r.source === 'artificial-analysis')!.responses.some((r) => r.body.includes(escaped(AA_KEY)))).toBe(true);
    expect(JSON.parse(recordings.find((r) => r.source === 'artificial-analysis')!.responses[2]!.body).data[1].name).toContain(AA_KEY);
    const summary = await syncSources({ config, db, log }, { mode: { kind: 'replay', recordings } });
    expect(summary.ok).toBe(true);
    expect(publishFromDatabase({ config, db })).toMatchObject({ published: true });

    const stored: string[] = [];
    for (const table of ['aa_observations', 'openrouter_model_observations', 'openrouter_endpoint_observations', 'sync_runs']) {
      stored.push(JSON.stringify(db.sqlite.prepare(`select * from ${table}`).all()));
    }
    const raw = (db.sqlite.prepare('select body from raw_responses').all() as Array<{ body: Buffer }>).map((r) =>
      gunzipSync(r.body).toString(),
    );
    // Decoded as a router or a replay would decode them.
    const decoded = raw.map((body) => JSON.stringify(JSON.parse(body)));
    const artifacts = readdirSync(config.shortlistsDir).map((f) => readFileSync(path.join(config.shortlistsDir, f), 'utf8'));
    const all = [...stored, ...raw, ...decoded, ...artifacts, ...artifacts.map((a) => JSON.stringify(JSON.parse(a))), ...log.lines];
    expect(all.filter((text) => text.includes(AA_KEY) || text.includes(OR_KEY)).map((t) => t.slice(0, 80))).toEqual([]);
    expect(all.filter((text) => text.includes(escaped(AA_KEY)) || text.includes(escaped(OR_KEY)))).toEqual([]);
    // The names are kept, with the key masked: AA's rows (aaName in the artifact) too.
    const aaNames = JSON.stringify(JSON.parse(artifacts[0]!).tiers).match(/"aaName":"[^"]*"/g) ?? [];
    expect(aaNames.length).toBeGreaterThan(10);
    expect(aaNames.every((n) => n.endsWith(' [REDACTED]"'))).toBe(true);
    db.close();
  });
});
