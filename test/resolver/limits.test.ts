import { describe, expect, it } from 'vitest';
import { createResolver, createMemoryStickinessStore } from '../../src/resolver/index.js';
import { MAX_PLUGINS } from '../../src/resolver/request.js';
import { MAX_SERVED_LENGTH } from '../../src/resolver/served.js';
import { artifact } from '../support/diff-fixtures.js';
import { rejection } from '../support/rejection.js';

const plugin = { id: 'pareto-router', min_coding_score: 0.9 };

describe('library limits', () => {
  it('a sparse plugins array of length 2³²−1 is refused at once with a ResolveError, not walked', () => {
    const resolver = createResolver(artifact());
    const plugins: unknown[] = [];
    plugins.length = 2 ** 32 - 1;
    plugins[0] = plugin;
    const error = rejection(() => resolver.resolve({ model: 'pareto-code', plugins }));
    expect(error).toMatchObject({
      status: 400,
      field: 'plugins',
      message: `plugins must list at most ${MAX_PLUGINS} plugins; got 4294967295`,
    });
  });

  it(`accepts ${MAX_PLUGINS} plugins, ours among others`, () => {
    const resolver = createResolver(artifact());
    const plugins = [...Array.from({ length: MAX_PLUGINS - 1 }, (_, i) => ({ id: `other-${i}` })), plugin];
    expect(resolver.resolve({ model: 'pareto-code', plugins }).tier).toBe('high');
    expect(rejection(() => resolver.resolve({ model: 'pareto-code', plugins: [...plugins, { id: 'one-more' }] })).field).toBe('plugins');
  });

  it.each([
    ['entryId', (s: string) => ({ entryId: `b/beta@${s}` })],
    ['model', (s: string) => ({ model: `b/${s}`, effort: null })],
    ['effort', (s: string) => ({ model: 'b/beta', effort: s })],
    ['provider', (s: string) => ({ entryId: 'b/beta@default', provider: s })],
  ])('reportSuccess refuses a %s longer than the bound and stores nothing', (field, served) => {
    const store = createMemoryStickinessStore();
    const resolver = createResolver(artifact(), { store });
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const error = rejection(() => resolver.reportSuccess('session-1', served(huge)));
    expect(error).toMatchObject({
      status: 400,
      field,
      message: `the served ${field} must be at most ${MAX_SERVED_LENGTH} characters; got a string of ${huge.length + (field === 'model' ? 2 : field === 'entryId' ? 7 : 0)}`,
    });
    expect(store.get('session-1')).toBeUndefined();
    // At the bound it is accepted.
    resolver.reportSuccess('session-1', served('y'.repeat(MAX_SERVED_LENGTH - 8)));
    expect(store.get('session-1')).toBeDefined();
  });
});
