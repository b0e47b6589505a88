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
    expect(stdout).toMatch(/^primary\s+\S+\s+\S+\s+[\d.]+\s+[\d.]+\s+\d+$/m);
    expect(stdout).toContain('min_coding_score');
  });

  it.each([
    [['--min-coding-score', '1.1'], '--min-coding-score must be a number from 0 to 1'],
    [['--min-coding-score=-0.1'], '--min-coding-score must be'],
    [['--min-coding-score', 'abc'], '--min-coding-score must be a number, got "abc"'],
    [['--max-price', 'cheap'], '--max-price must be a number'],
    [['--max-price=-1'], '--max-price must be a finite number ≥ 0'],
    [['--max-price', '1', '--price-source', 'weighted'], '--price-source must be one of'],
    [['--price-source', 'blended'], '--price-source only applies with --max-price'],
    [['--session', 'x'.repeat(257)], '--session must be a string of 1 to 256 characters'],
  ])('rejects %j with exit 2 naming the flag as typed: %s', async (args, message) => {
    const { code, stderr } = await resolve(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/min_coding_score|max_price|price_source|session_id/);
  });

  it('says how to pass a negative --max-price instead of repeating parseArgs', async () => {
    const { code, stderr } = await resolve('--max-price', '-1');
    expect(code).toBe(2);
    expect(stderr).toContain('write --max-price=-1');
    expect(stderr).not.toMatch(/ambiguous|Did you forget|XYZ/);
  });

  it('exits 1 when nothing is under --max-price, naming the cheapest price', async () => {
    const { code, stderr } = await resolve('--max-price', '0.001');
    expect(code).toBe(1);
    expect(stderr).toMatch(/cheapest available is [\d.]+/);
    expect(stderr).toContain('raise --max-price to at least');
  });
});
