import { describe, expect, it } from 'vitest';
import { createResolver, type ConfiguredDefault, type RouteRequest } from '../../src/resolver/index.js';
import { artifact, baseContent } from '../support/diff-fixtures.js';
import { rejection } from '../support/rejection.js';

/**
 * Request parsing and the effective config (SPEC §6, §6.1, §6.2) on the base fixture, whose
 * primaries are: high b/beta, medium g/gee, low h/eta (nitro: d/delta, e/eps, h/eta).
 */
const shortlist = artifact();
const plugin = (fields: Record<string, unknown>) => [{ id: 'pareto-router', ...fields }];
const resolve = (request: Record<string, unknown>, defaults?: ConfiguredDefault) =>
  createResolver(shortlist, defaults === undefined ? {} : { default: defaults }).resolve({
    model: 'pareto-code',
    ...request,
  } as RouteRequest);

describe('min_coding_score → tier (SPEC §6.2, thresholds from the artifact)', () => {
  it.each([
    [0, 'low', 'h/eta@default'],
    [0.3299, 'low', 'h/eta@default'],
    [0.33, 'medium', 'g/gee@default'],
    [0.6599, 'medium', 'g/gee@default'],
    [0.66, 'high', 'b/beta@default'],
    [1, 'high', 'b/beta@default'],
    [undefined, 'high', 'b/beta@default'],
  ])('%s → %s', (score, tier, primary) => {
    const r = resolve({ plugins: plugin(score === undefined ? {} : { min_coding_score: score }) });
    expect([r.requestedTier, r.tier, r.primary.id]).toEqual([tier, tier, primary]);
    expect(r.explain).toContain(score === undefined ? 'min_coding_score omitted → high' : `min_coding_score ${score} is`);
  });

  it('reads the thresholds from the artifact, not from constants', () => {
    const content = baseContent();
    const custom = artifact({ ...content, rules: { ...content.rules, scoreThresholds: { high: 0.9, medium: 0.5 } } });
    const r = createResolver(custom).resolve({ model: 'pareto-code', plugins: plugin({ min_coding_score: 0.7 }) });
    expect(r.tier).toBe('medium');
    expect(r.explain).toContain('0.7 is ≥ 0.5 and < 0.9 → medium');
  });
});

describe('invalid plugin fields are errors naming the field, never a fallback', () => {
  it.each([
    ['min_coding_score', Number.NaN],
    ['min_coding_score', -0.1],
    ['min_coding_score', 1.1],
    ['min_coding_score', '0.5'],
    ['min_coding_score', null],
    ['min_coding_score', {}],
    ['min_coding_score', true],
    ['min_coding_score', Number.POSITIVE_INFINITY],
    ['max_price', -1],
    ['max_price', Number.NaN],
    ['max_price', Number.POSITIVE_INFINITY],
    ['max_price', '2'],
    ['max_price', null],
    ['price_source', 'weighted_avg'],
    ['price_source', 'completion'],
    ['price_source', null],
    ['enabled', 'false'],
    ['enabled', 0],
    ['enabled', null],
  ])('%s: %s', (field, value) => {
    const error = rejection(() => resolve({ plugins: plugin({ [field]: value }) }));
    expect(error).toMatchObject({ status: 400, field, code: 'usage' });
    expect(error.message).toContain(field);
  });

  it('lists the accepted values', () => {
    expect(rejection(() => resolve({ plugins: plugin({ price_source: 'weighted_avg' }) })).message).toContain('"prompt", "blended"');
    expect(rejection(() => resolve({ plugins: plugin({ price_source: 'weighted_avg' }) })).hint).toContain('blended');
    expect(rejection(() => resolve({ plugins: plugin({ min_coding_score: '0.5' }) })).message).toMatch(/from 0 to 1.*"0\.5" \(a string\)/);
  });

  it('rejects an unknown plugin field (a typo must not be ignored)', () => {
    const error = rejection(() => resolve({ plugins: plugin({ min_score: 0.5 }) }));
    expect(error).toMatchObject({ status: 400, field: 'min_score' });
    expect(error.message).toContain('accepted: id, enabled, min_coding_score, max_price, price_source');
  });

  it.each([
    ['not an array', { plugins: { id: 'pareto-router' } }],
    ['null', { plugins: null }],
    ['the plugin twice', { plugins: [...plugin({}), ...plugin({ min_coding_score: 0.1 })] }],
  ])('plugins: %s', (_, request) => {
    expect(rejection(() => resolve(request))).toMatchObject({ status: 400, field: 'plugins' });
  });

  it('ignores other plugins', () => {
    const r = resolve({ plugins: [{ id: 'web' }, null, 'x', ...plugin({ min_coding_score: 0 })] });
    expect(r.tier).toBe('low');
  });
});

describe('model spellings', () => {
  it.each([
    ['pareto-code', 'default'],
    ['openrouter/pareto-code', 'default'],
    ['pareto-code:nitro', 'nitro'],
    ['openrouter/pareto-code:nitro', 'nitro'],
  ])('%s → %s', (model, variant) => {
    expect(resolve({ model }).variant).toBe(variant);
  });

  it.each([
    ['Pareto-Code'],
    ['pareto-code:floor'],
    ['openrouter/auto'],
    ['anthropic/claude-opus-5'],
    [' pareto-code'],
    [''],
    [undefined],
    [42],
  ])('%s is rejected', (model) => {
    const error = rejection(() => resolve({ model }));
    expect(error).toMatchObject({ status: 400, field: 'model' });
    expect(error.message).toContain('pareto-code, pareto-code:nitro, openrouter/pareto-code, openrouter/pareto-code:nitro');
  });

  it('rejects a body that is not an object', () => {
    expect(rejection(() => createResolver(shortlist).resolve(null as unknown as RouteRequest))).toMatchObject({ status: 400, field: null });
  });
});

describe('session id (body session_id wins over the x-session-id header)', () => {
  it.each([
    ['body only', { session_id: 'b' }, 'b'],
    ['header only', { headers: { 'x-session-id': 'h' } }, 'h'],
    ['header, any case', { headers: { 'X-Session-ID': 'h' } }, 'h'],
    ['body wins over header', { session_id: 'b', headers: { 'x-session-id': 'h' } }, 'b'],
    ['neither', { headers: { 'content-type': 'application/json' } }, null],
    ['exactly 256 characters', { session_id: 's'.repeat(256) }, 's'.repeat(256)],
  ])('%s', (_, request, session) => {
    expect(resolve(request).session).toBe(session);
  });

  it.each([
    ['session_id', { session_id: 's'.repeat(257) }],
    ['x-session-id', { headers: { 'x-session-id': 'h'.repeat(257) } }],
    ['session_id', { session_id: 42 }],
    ['session_id', { session_id: null }],
    ['session_id', { session_id: '' }],
    // The body wins even when the header alone would have been fine.
    ['session_id', { session_id: 's'.repeat(257), headers: { 'x-session-id': 'ok' } }],
  ])('%s is rejected', (field, request) => {
    const error = rejection(() => resolve(request));
    expect(error).toMatchObject({ status: 400, field });
    expect(error.message).toContain('1 to 256 characters');
  });
});

describe('effective config (SPEC §6.1)', () => {
  const high = { min_coding_score: 0.9 };
  const low = { min_coding_score: 0.1 };
  it.each([
    ['no plugin, no default → built-in (high)', undefined, undefined, 'high', 'built-in-default'],
    ['no plugin → configured default', undefined, low, 'low', 'configured-default'],
    ['plugin overrides the default', plugin({ min_coding_score: 0.5 }), low, 'medium', 'request'],
    ['plugin without a score keeps the default score', plugin({}), low, 'low', 'request'],
    [
      'prevent_overrides: the default wins over the plugin',
      plugin({ min_coding_score: 0.9 }),
      { ...low, prevent_overrides: true },
      'low',
      'configured-default',
    ],
    [
      'prevent_overrides also ignores max_price',
      plugin({ max_price: 100 }),
      { ...low, prevent_overrides: true },
      'low',
      'configured-default',
    ],
    ['enabled: false turns the default off too', plugin({ enabled: false }), low, 'high', 'built-in-default'],
    [
      'enabled: false ignores the plugin’s own fields',
      plugin({ enabled: false, min_coding_score: 0.1 }),
      undefined,
      'high',
      'built-in-default',
    ],
    [
      'enabled: false with prevent_overrides: the default still wins',
      plugin({ enabled: false }),
      { ...low, prevent_overrides: true },
      'low',
      'configured-default',
    ],
    ['enabled: true is the plugin as usual', plugin({ enabled: true, min_coding_score: 0.5 }), high, 'medium', 'request'],
  ] as const)('%s', (_, plugins, defaults, tier, source) => {
    const r = resolve(plugins === undefined ? {} : { plugins }, defaults);
    expect([r.tier, r.config.source, r.mode]).toEqual([tier, source, 'tier']);
    expect(r.explain.split('\n')[0]).toContain(r.config.why);
  });

  it('still validates the request plugin under prevent_overrides', () => {
    expect(
      rejection(() => resolve({ plugins: plugin({ min_coding_score: 2 }) }, { min_coding_score: 0.1, prevent_overrides: true })),
    ).toMatchObject({ field: 'min_coding_score' });
  });

  it.each([
    ['default.min_coding_score', { min_coding_score: 1.5 }],
    ['default.min_coding_score', { min_coding_score: '0.5' }],
    ['default.min_coding_score', { min_coding_score: null }],
    ['default.prevent_overrides', { prevent_overrides: 'yes' }],
    ['default.max_price', { max_price: 1 }],
    ['default', 0.5],
  ])('a bad configured default fails at creation: %s', (field, defaults) => {
    const error = rejection(() => createResolver(shortlist, { default: defaults as ConfiguredDefault }));
    expect(error).toMatchObject({ status: 500, field, code: 'config' });
  });

  it.each([
    ['stickyTtlMs', { stickyTtlMs: 0 }],
    ['stickyTtlMs', { stickyTtlMs: Number.NaN }],
  ])('a bad %s fails at creation', (field, options) => {
    expect(rejection(() => createResolver(shortlist, options))).toMatchObject({ status: 500, field });
  });
});
