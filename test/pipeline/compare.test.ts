import { describe, expect, it } from 'vitest';
import { compareWithPrevious, keyRecords } from '../../src/pipeline/compare.js';
import type { OpenRouterEndpointRecord } from '../../src/sources/types.js';
import { OPENROUTER_ENDPOINT_RECORDS } from '../../src/sources/openrouter-endpoints/index.js';

const endpoint = (tag: string, price: number): OpenRouterEndpointRecord => ({
  modelId: 'google/gemma-4-31b-it',
  endpointName: `Together | google/gemma-4-31b-it-20260402`,
  providerName: 'Together',
  tag,
  quantization: 'unknown',
  status: 0,
  uptime5m: null,
  uptime30m: 100,
  uptime1d: 99,
  promptPricePerM: price,
  completionPricePerM: 1,
  latencyP50Ms: null,
  throughputP50: null,
  contextLength: 262144,
  maxCompletionTokens: null,
});

describe('run comparison', () => {
  it('keys repeated provider tags apart, as OpenRouter really sends them', () => {
    const keyed = keyRecords(OPENROUTER_ENDPOINT_RECORDS, [
      endpoint('together', 0.28),
      endpoint('together', 0.39),
      endpoint('deepinfra', 0.2),
    ]);
    expect(keyed.map((k) => k.key)).toEqual([
      'google/gemma-4-31b-it|together',
      'google/gemma-4-31b-it|together#2',
      'google/gemma-4-31b-it|deepinfra',
    ]);
    expect(new Set(keyed.map((k) => k.hash)).size).toBe(3);
  });

  it('hashes content, not object key order', () => {
    const a = keyRecords(OPENROUTER_ENDPOINT_RECORDS, [endpoint('x', 1)])[0]!;
    const reordered = Object.fromEntries(Object.entries(endpoint('x', 1)).reverse()) as unknown as OpenRouterEndpointRecord;
    expect(keyRecords(OPENROUTER_ENDPOINT_RECORDS, [reordered])[0]!.hash).toBe(a.hash);
  });

  it.each([
    [
      'all new without a previous run',
      [
        ['a', '1'],
        ['b', '2'],
      ],
      [],
      { rowsNew: 2, rowsChanged: 0, rowsUnchanged: 0, rowsRemoved: 0 },
    ],
    [
      'all unchanged',
      [
        ['a', '1'],
        ['b', '2'],
      ],
      [
        ['a', '1'],
        ['b', '2'],
      ],
      { rowsNew: 0, rowsChanged: 0, rowsUnchanged: 2, rowsRemoved: 0 },
    ],
    [
      'mixed',
      [
        ['a', '1'],
        ['b', '3'],
        ['c', '4'],
      ],
      [
        ['a', '1'],
        ['b', '2'],
        ['d', '5'],
      ],
      { rowsNew: 1, rowsChanged: 1, rowsUnchanged: 1, rowsRemoved: 1 },
    ],
  ] as const)('%s', (_, current, previous, expected) => {
    const result = compareWithPrevious(
      current.map(([key, hash]) => ({ key, hash })),
      new Map(previous.map(([k, h]) => [k, h] as [string, string])),
    );
    expect(result).toEqual(expected);
  });
});
