import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-resolve-'));
  expect((await runCli(['update', '--sample'], { cwd })).code).toBe(0);
});

interface Resolved {
  tier: string | null;
  requestedTier: string | null;
  primary: { model: string; effort: string | null; price: number | null; throughput: number | null };
  fallbacks: Array<{ model: string; tier: string }>;
  stepped: unknown;
  version: number;
  explain: string;
}

const resolve = async (...args: string[]) => {
  const result = await runCli(['resolve', ...args], { cwd });
  return { ...result, json: result.code === 0 && args.includes('--json') ? (JSON.parse(result.stdout) as Resolved) : undefined };
};

describe('pareto resolve on the sample shortlist', () => {
  it.each([
    [[], 'high'],
    [['--min-coding-score', '0.66'], 'high'],
    [['--min-coding-score', '0.6599'], 'medium'],
    [['--min-coding-score', '0.33'], 'medium'],
    [['--min-coding-score', '0.3299'], 'low'],
    [['--min-coding-score', '0'], 'low'],
  ])('%j routes to the %s tier with two same-tier fallbacks', async (args, tier) => {
    const { code, json } = await resolve(...args, '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({ tier, requestedTier: tier, stepped: null, version: 1 });
    expect(json!.fallbacks).toHaveLength(2);
    expect(json!.fallbacks.every((f) => f.tier === tier)).toBe(true);
  });

  it('orders by price by default and by p50 throughput with --nitro', async () => {
    const cheap = (await resolve('--json')).json!;
    const fast = (await resolve('--nitro', '--json')).json!;
    expect(cheap.primary.price!).toBeLessThanOrEqual(fast.primary.price ?? Infinity);
    expect(fast.primary.throughput!).toBeGreaterThanOrEqual(cheap.primary.throughput ?? 0);
  });

  it('explains the rules it applied', async () => {
    const { code, stdout } = await resolve('--min-coding-score', '0.5', '--explain');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^primary\s+\S+ @ \S+/m);
    expect(stdout).toContain('min_coding_score');
  });

  it.each([
    [['--min-coding-score', '1.1'], 'min_coding_score'],
    [['--min-coding-score=-0.1'], 'min_coding_score'],
    [['--min-coding-score', 'abc'], '--min-coding-score'],
    [['--max-price', 'cheap'], '--max-price'],
    [['--max-price', '1', '--price-source', 'weighted'], 'price_source'],
    [['--session', 'x'.repeat(257)], 'session'],
  ])('rejects %j with exit 2 naming %s', async (args, field) => {
    const { code, stderr } = await resolve(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(field);
  });

  it('exits 1 when nothing is under --max-price, naming the cheapest price', async () => {
    const { code, stderr } = await resolve('--max-price', '0.001');
    expect(code).toBe(1);
    expect(stderr).toMatch(/cheapest available is [\d.]+/);
  });
});
