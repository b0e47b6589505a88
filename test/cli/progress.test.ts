import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';

function setup(isTTY: boolean, now?: () => number) {
  const lines: string[] = [];
  const stderr: string[] = [];
  const io: Io = { stdout: () => undefined, stderr: (t) => void stderr.push(t), isTTY, env: {}, cwd: '/' };
  const log = { info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(`warn ${m}`), debug: () => undefined };
  return { lines, stderr, progress: createProgress(io, { enabled: true, log, ...(now ? { now } : {}) }) };
}

describe('sync progress', () => {
  it('summarises the 404s of retired models in one line when the source is done', () => {
    const { lines, progress } = setup(false);
    const log = progress.wrapLog({ info: () => undefined, warn: () => undefined, debug: () => undefined });
    progress.update({ source: 'openrouter-endpoints', phase: 'start', requests: 0 });
    log.info('openrouter-endpoints: old/model-a answered 404; it is no longer on OpenRouter and is skipped');
    log.info('openrouter-endpoints: old/model-b answered 404; it is no longer on OpenRouter and is skipped');
    progress.update({ source: 'openrouter-endpoints', phase: 'done', requests: 12, status: 'success' });
    expect(lines).toEqual([
      'sync openrouter-endpoints: started',
      'openrouter-endpoints: 2 models answered 404 (no longer on OpenRouter) and were skipped: old/model-a, old/model-b',
      'sync openrouter-endpoints: success after 12 requests',
    ]);
  });

  it('says "1 request", not "1 requests"', () => {
    const { lines, stderr, progress } = setup(false);
    progress.update({ source: 'openrouter-models', phase: 'done', requests: 1, status: 'success' });
    expect(lines).toEqual(['sync openrouter-models: success after 1 request']);
    const tty = setup(true);
    tty.progress.update({ source: 'openrouter-models', phase: 'done', requests: 1, status: 'success' });
    expect(tty.stderr.join('')).toBe('✓ openrouter-models (1 request)\n');
    expect(stderr).toEqual([]);
  });

  it('on a terminal shows done/total and the time left when the total is known, a running count otherwise', () => {
    let clock = 1_000;
    const { stderr, progress } = setup(true, () => clock);
    progress.update({ source: 'openrouter-endpoints', phase: 'start', requests: 0, total: 40 });
    expect(stderr.at(-1)).toMatch(/openrouter-endpoints: 0\/40 responses…$/);
    clock += 2_000;
    progress.update({ source: 'openrouter-endpoints', phase: 'response', requests: 10, total: 40 });
    // 10 answers in 2 s: 30 more take about 6 s.
    expect(stderr.at(-1)).toMatch(/openrouter-endpoints: 10\/40 responses, about 6 s left$/);
    clock += 18_000;
    progress.update({ source: 'openrouter-endpoints', phase: 'response', requests: 20, total: 40 });
    expect(stderr.at(-1)).toMatch(/20\/40 responses, about 20 s left$/);
    progress.update({ source: 'openrouter-models', phase: 'response', requests: 3 });
    expect(stderr.at(-1)).toMatch(/openrouter-models: 3 responses…$/);
  });
});
