import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { insertObservations } from '../../src/db/queries/observations.js';
import { finishRun, startRun } from '../../src/db/queries/runs.js';
import type { OpenRouterModelRecord } from '../../src/domain/records.js';
import { defaultEndpointModelIds } from '../../src/pipeline/endpoint-ids.js';
import type { Logger } from '../../src/util/log.js';
import { fakeOr } from '../support/match-records.js';
import { OPENROUTER_MODEL_RECORDS } from '../../src/sources/openrouter-models/index.js';

const NOW = new Date('2026-11-28T12:00:00Z');

// One model that can be tiered from OpenRouter's own AA index, and one of each kind curation
// never matches or tiers.
const MODELS: OpenRouterModelRecord[] = [
  fakeOr({ modelId: 'acme/coder', aaCodingIndex: 40 }),
  fakeOr({ modelId: 'acme/unscored', aaCodingIndex: null }),
  fakeOr({ modelId: 'acme/coder:free', aaCodingIndex: 40 }),
  fakeOr({ modelId: 'openrouter/auto', tokenizer: 'Router', aaCodingIndex: 40 }),
  fakeOr({ modelId: 'acme/variable', variablePrice: true, aaCodingIndex: 40 }),
  fakeOr({ modelId: 'acme/painter', outputModalities: ['image'], aaCodingIndex: 40 }),
];

function setUp(curationText: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-endpoint-ids-'));
  const curationPath = path.join(dir, 'curation.json');
  writeFileSync(curationPath, curationText);
  const config = loadConfig({}, { curationPath }, dir);
  const { orm } = openDatabase(':memory:');
  const runId = startRun(orm, 'openrouter-models', 'live', NOW, { pid: 1, host: 'test' });
  insertObservations(
    orm,
    OPENROUTER_MODEL_RECORDS,
    runId,
    MODELS.map((record) => ({ key: record.modelId, hash: record.modelId, record })),
  );
  finishRun(orm, runId, { status: 'success', finishedAt: NOW, counts: {} });
  const warnings: string[] = [];
  const log: Logger = { info() {}, debug() {}, warn: (message) => warnings.push(message) };
  return { orm, config, log, warnings };
}

describe('defaultEndpointModelIds', () => {
  it("asks curation for the shortlist's candidates", () => {
    const { orm, config, log, warnings } = setUp('{ "version": 1 }');
    expect(defaultEndpointModelIds(orm, config, log)).toEqual(['acme/coder']);
    expect(warnings).toEqual([]);
  });

  it("with a broken curation file, falls back to every model with an AA coding index that curation's exclusions let through", () => {
    const { orm, config, log, warnings } = setUp('{ "version": 1, "pins": [{}] }');
    expect(defaultEndpointModelIds(orm, config, log)).toEqual(['acme/coder']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cannot work out the shortlist candidates (');
    expect(warnings[0]).toContain('curation.json:1: pins[0].reason: required');
    expect(warnings[0]).toMatch(/; fetching every model with an AA coding index instead$/);
  });
});
