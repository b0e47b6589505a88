import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import { HttpError } from '../../src/http/errors.js';
import { readRecordingDir, replayFetcher, writeRecording, type Recording } from '../../src/pipeline/recording.js';
import { openrouterEndpoints } from '../../src/sources/openrouter-endpoints/index.js';

const recording: Recording = {
  source: 'openrouter-endpoints',
  recordedAt: '2026-05-31T10:39:59.454Z',
  responses: [
    {
      url: 'https://openrouter.ai/api/v1/models/z-ai/glm-5.2/endpoints',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"data":{"endpoints":[]}}',
      fetchedAt: 'x',
    },
    {
      url: 'https://openrouter.ai/api/v1/models/gone/model/endpoints',
      status: 404,
      headers: {},
      body: '{"error":{"code":404,"message":"Model not found"}}',
      fetchedAt: 'x',
    },
    { url: 'https://openrouter.ai/api/v1/models/cut/off/endpoints', status: 200, headers: {}, body: '{"data":{"endpo', fetchedAt: 'x' },
  ],
};

describe('recordings', () => {
  it('round-trips through a folder, keeping non-JSON bodies byte for byte', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-rec-'));
    writeRecording(dir, recording, 'test');
    const [back] = readRecordingDir(dir);
    expect(back?.source).toBe('openrouter-endpoints');
    expect(back?.responses.map((r) => r.body)).toEqual([
      '{"data":{"endpoints":[]}}',
      '{"error":{"code":404,"message":"Model not found"}}',
      '{"data":{"endpo',
    ]);
    expect(openrouterEndpoints.modelIds!.recorded(back!.responses.map((r) => r.url))).toEqual(['z-ai/glm-5.2', 'gone/model', 'cut/off']);
  });

  it('replays by path and query whatever the host, and replays failures as failures', async () => {
    const fetcher = replayFetcher(recording, (s) => s);
    const ok = await fetcher.get({ url: 'http://127.0.0.1:9/api/v1/models/z-ai/glm-5.2/endpoints' });
    expect(ok.status).toBe(200);
    const notFound = await fetcher.get({ url: 'http://x/api/v1/models/gone/model/endpoints' }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(HttpError);
    expect((notFound as HttpError).status).toBe(404);
  });

  it('refuses a request the recording does not have', async () => {
    const error = (await replayFetcher(recording, (s) => s)
      .get({ url: 'http://x/api/v1/models/other/one/endpoints' })
      .catch((e: unknown) => e)) as ParetoError;
    expect(error.code).toBe('replay');
    expect(error.message).toContain('/api/v1/models/other/one/endpoints');
  });

  it('rejects a folder without recordings, or with a file that is not one', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'pareto-rec-'));
    expect(() => readRecordingDir(empty)).toThrow(/no recordings/);
    writeFileSync(path.join(empty, 'x.json'), '{"hello": 1}');
    expect(() => readRecordingDir(empty)).toThrow(/is not a recording/);
    writeFileSync(path.join(empty, 'x.json'), '{"hello": ');
    expect(() => readRecordingDir(empty)).toThrow(/not valid JSON/);
    expect(() => readRecordingDir(path.join(empty, 'missing'))).toThrow(/cannot read the recording folder/);
  });
});
