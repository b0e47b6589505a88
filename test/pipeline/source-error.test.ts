import { describe, expect, it } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import { sourceError } from '../../src/pipeline/sync.js';
import { abortableSleep } from '../../src/util/abortable-sleep.js';

describe('a source failure names its source once', () => {
  it('is rendered with the name by the error itself, which keeps the name and the bare text apart', () => {
    const error = new ParetoError('schema', 'page 2 is garbage', { source: 'openrouter-models', hint: 'try later' });
    expect(error.message).toBe('openrouter-models: page 2 is garbage');
    expect(error.describe()).toBe('openrouter-models: page 2 is garbage\n  hint: try later');
    expect(error).toMatchObject({ source: 'openrouter-models', detail: 'page 2 is garbage' });
    expect(new ParetoError('usage', 'plain')).toMatchObject({ message: 'plain', source: undefined, detail: 'plain' });
  });

  it('gets the name in front only when the error does not carry it (the sync’s own errors, a skip)', () => {
    const named = { source: 'openrouter-models', error: 'openrouter-models: GET … answered 401', errorSource: 'openrouter-models' };
    expect(sourceError(named)).toBe('openrouter-models: GET … answered 401');
    expect(sourceError({ source: 'openrouter-endpoints', error: 'interrupted: the run was stopped' })).toBe(
      'openrouter-endpoints: interrupted: the run was stopped',
    );
    // Another source's error keeps both names: which source failed, and whose message it is.
    expect(sourceError({ source: 'a', error: 'b: broke', errorSource: 'b' })).toBe('a: b: broke');
    expect(sourceError({ source: 'a', error: null })).toBe('a: failed');
  });
});

describe('abortableSleep', () => {
  it('waits the time out, or ends at once on abort', async () => {
    const started = Date.now();
    await abortableSleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort();
    await waiting;
    const aborted = new AbortController();
    aborted.abort();
    await abortableSleep(60_000, aborted.signal);
  });
});
