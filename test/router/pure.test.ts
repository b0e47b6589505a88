import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import { conversationKey } from '../../src/router/conversation-key.js';
import { decide, TRANSIENT_STATUSES, type AttemptOutcome } from '../../src/router/fallback-policy.js';
import { createRouterMetrics, renderFamilies, SPEND_SERIES_LIMIT } from '../../src/router/metrics.js';
import { mergeFamilies } from '../../src/router/metrics-merge.js';
import { answerFields, looksLikeObject, PARSE_WHOLE } from '../../src/router/answer-fields.js';
import { topLevelMembers } from '../../src/router/json-members.js';
import { prepareBody as prepareFrom } from '../../src/router/rewrite.js';
import { JOIN_BELOW_BYTES, joinedBody, outgoingBody } from '../../src/router/body-parts.js';

/** The rewrite of a body as the router gets it: bytes, what they parse to, their member spans. */
const prepareOf = (text: string) => {
  const raw = Buffer.from(text);
  return prepareFrom(JSON.parse(text) as Record<string, unknown>, topLevelMembers(raw), raw);
};
const prepareBody = (body: Record<string, unknown>) => {
  const p = prepareOf(JSON.stringify(body));
  return {
    clientReasoning: p.clientReasoning,
    clientProviders: p.clientProviders,
    forEntry: (model: string, effort: string | null, order?: readonly string[] | null) =>
      joinedBody(p.forEntry(model, effort, order)).toString(),
  };
};
import { parseRouterSettings } from '../../src/router/settings.js';
import { classify, classifyAll, createSseScanner, providerOf } from '../../src/router/sse.js';
import { usageOf } from '../../src/router/usage.js';

describe('fallback policy', () => {
  const fresh = { attempt: 1, chainLength: 3, committed: false };
  it.each([...TRANSIENT_STATUSES])('HTTP %i before the commit point moves to the next entry', (status) => {
    expect(decide({ kind: 'status', status }, fresh)).toEqual({ action: 'next', reason: `status_${status}` });
  });
  it.each([400, 401, 402, 403, 404, 409, 413, 422])('HTTP %i stops: the client has to fix it', (status) => {
    expect(decide({ kind: 'status', status }, fresh)).toEqual({ action: 'stop', why: 'not-transient' });
  });
  it.each<[AttemptOutcome, string]>([
    [{ kind: 'connect-error' }, 'connect'],
    [{ kind: 'timeout', phase: 'first-byte' }, 'timeout'],
    [{ kind: 'timeout', phase: 'connect' }, 'timeout'],
    [{ kind: 'error-event' }, 'error_event'],
    [{ kind: 'invalid-answer' }, 'invalid_answer'],
  ])('%j falls back (%s)', (outcome, reason) => {
    expect(decide(outcome, fresh)).toEqual({ action: 'next', reason });
  });
  it('never falls back once something was sent, at the end of the chain, or for a client that left', () => {
    expect(decide({ kind: 'status', status: 503 }, { ...fresh, committed: true })).toEqual({ action: 'stop', why: 'committed' });
    expect(decide({ kind: 'status', status: 503 }, { attempt: 3, chainLength: 3, committed: false })).toEqual({
      action: 'stop',
      why: 'chain-exhausted',
    });
    expect(decide({ kind: 'status', status: 503 }, { attempt: 1, chainLength: 1, committed: false })).toEqual({
      action: 'stop',
      why: 'chain-exhausted',
    });
    expect(decide({ kind: 'aborted' }, fresh)).toEqual({ action: 'stop', why: 'aborted' });
    expect(decide({ kind: 'ok' }, fresh)).toEqual({ action: 'done' });
  });
});

describe('SSE scanner', () => {
  it('classifies comments, data, in-band errors and [DONE] across arbitrary chunk boundaries', () => {
    const text =
      ': OPENROUTER PROCESSING\n\ndata: {"provider":"DeepSeek","choices":[]}\n\ndata: {"choices":[{"delta":{"content":"hi"}}]}\r\n\r\ndata: {"error":{"code":"server_error","message":"boom"}}\n\ndata: {"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":7},"cost":0.0003}}\n\ndata: [DONE]\n\n';
    for (const size of [1, 3, 17, text.length]) {
      const scanner = createSseScanner();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...scanner.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { kind: 'comment' },
        { kind: 'data', provider: 'DeepSeek', usage: null },
        { kind: 'data', provider: null, usage: null },
        { kind: 'error', code: 'server_error', message: 'boom' },
        { kind: 'data', provider: null, usage: { promptTokens: 40, cachedTokens: 7, completionTokens: 9, cost: 0.0003 } },
        { kind: 'done' },
      ]);
    }
  });

  it('finds an error whose key is written with escapes, and split() leaves classifying to the caller', () => {
    const scanner = createSseScanner();
    const raw = scanner.split('data: {"\\u0065rror":{"code":502,"message":"escaped"}}\n\ndata: [DONE]\n\ndata: {"cho');
    expect(raw).toEqual(['data: {"\\u0065rror":{"code":502,"message":"escaped"}}', 'data: [DONE]']);
    expect(raw.map((r) => classify(r))).toEqual([{ kind: 'error', code: 502, message: 'escaped' }, { kind: 'done' }]);
    expect(scanner.push('ices":[]}\n\n')).toEqual([{ kind: 'data', provider: null, usage: null }]);
  });

  it('looks for the provider only until an event of the batch names it', () => {
    const chunk = 'data: {"provider":"DeepSeek","choices":[{"delta":{"content":"hi"}}]}';
    expect(classifyAll([': OPENROUTER PROCESSING', 'data: {"choices":[]}', chunk, chunk])).toEqual([
      { kind: 'comment' },
      { kind: 'data', provider: null, usage: null },
      { kind: 'data', provider: 'DeepSeek', usage: null },
      { kind: 'data', provider: null, usage: null },
    ]);
    expect(classifyAll([chunk], false)).toEqual([{ kind: 'data', provider: null, usage: null }]);
  });

  it('once the provider is known, still finds errors and usage but no longer looks for the provider', () => {
    const chunk = 'data: {"provider":"DeepSeek","choices":[{"delta":{"content":"hi"}}]}';
    expect(classify(chunk)).toEqual({ kind: 'data', provider: 'DeepSeek', usage: null });
    expect(classify(chunk, false)).toEqual({ kind: 'data', provider: null, usage: null });
    expect(classify('data: {"provider":"DeepSeek","error":{"code":429,"message":"slow down"}}', false)).toEqual({
      kind: 'error',
      code: 429,
      message: 'slow down',
    });
    expect(classify('data: {"provider":"DeepSeek","choices":[],"usage":{"prompt_tokens_details":{"cached_tokens":3}}}', false)).toEqual({
      kind: 'data',
      provider: 'DeepSeek',
      usage: { promptTokens: null, cachedTokens: 3, completionTokens: null, cost: null },
    });
    // Some providers send `"usage": null` on every chunk: that is no usage.
    expect(classify('data: {"choices":[],"usage":null}')).toEqual({ kind: 'data', provider: null, usage: null });
    // One line without the space after the colon, and a data value over two lines, take the long way.
    expect(classify('data:{"provider":"A"}')).toEqual({ kind: 'data', provider: 'A', usage: null });
    expect(classify('data: {"provider":\ndata: "B"}')).toEqual({ kind: 'data', provider: 'B', usage: null });
    expect(classify('data: [DONE]')).toEqual({ kind: 'done' });
  });
});

describe('outgoing body parts', () => {
  const piece = (n: number, c: string) => Buffer.alloc(n, c);
  it('joins a small body into one buffer', () => {
    const pieces = [piece(10, 'a'), piece(20_000, 'b'), piece(1, 'c')];
    const body = outgoingBody(pieces, 20_011);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(joinedBody(body).equals(Buffer.concat(pieces))).toBe(true);
  });
  it('sends a large body as its large pieces untouched and its small ones merged, adding up to the same bytes', () => {
    const big = piece(JOIN_BELOW_BYTES, 'm');
    const other = piece(20_000, 't');
    const pieces = [piece(30, 'h'), piece(1, ','), big, piece(1, ','), other, piece(5, 'x'), piece(1, '}')];
    const length = pieces.reduce((n, p) => n + p.length, 0);
    const body = outgoingBody(pieces, length);
    expect(Buffer.isBuffer(body)).toBe(false);
    if (Buffer.isBuffer(body)) return;
    expect(body.length).toBe(length);
    expect(body.parts.map((p) => p.length)).toEqual([31, JOIN_BELOW_BYTES, 1, 20_000, 6]);
    // The large pieces are the same memory, not copies.
    expect(body.parts[1]).toBe(big);
    expect(body.parts[3]).toBe(other);
    expect(joinedBody(body).equals(Buffer.concat(pieces))).toBe(true);
  });
});

describe('rewrite', () => {
  const body = {
    model: 'pareto-code',
    messages: [{ role: 'user', content: 'hi' }],
    plugins: [{ id: 'pareto-router', min_coding_score: 0.5 }],
    tools: [],
  };
  it('sets model and reasoning.effort, drops only the router plugin, keeps the rest, and parses back to JSON', () => {
    const p = prepareBody(body);
    expect(JSON.parse(p.forEntry('c/gamma', 'max'))).toEqual({
      model: 'c/gamma',
      reasoning: { effort: 'max' },
      messages: body.messages,
      tools: [],
    });
    expect(JSON.parse(p.forEntry('b/beta', null))).toEqual({ model: 'b/beta', messages: body.messages, tools: [] });
    expect(JSON.parse(prepareBody({ model: 'pareto-code' }).forEntry('b/beta', 'low'))).toEqual({
      model: 'b/beta',
      reasoning: { effort: 'low' },
    });
    expect(JSON.parse(prepareBody({ ...body, plugins: [{ id: 'web' }, body.plugins[0]] }).forEntry('b/beta', null)).plugins).toEqual([
      { id: 'web' },
    ]);
  });
  it('adds a pinned provider order to the client provider object, unless the client chose providers or sent no object', () => {
    const order = ['fake/bf16', 'fake/fp8'];
    const withProvider = (provider: unknown) => JSON.parse(prepareBody({ ...body, provider }).forEntry('c/gamma', null, order)).provider;
    expect(JSON.parse(prepareBody(body).forEntry('c/gamma', null, order)).provider).toEqual({ order });
    expect(withProvider({ sort: 'price' })).toEqual({ sort: 'price', order });
    expect(withProvider({ order: ['mine'] })).toEqual({ order: ['mine'] });
    expect(withProvider({ only: ['mine'], sort: 'price' })).toEqual({ only: ['mine'], sort: 'price' });
    // Not an object: the client's to send as is (and OpenRouter's to refuse).
    expect(withProvider('fast')).toBe('fast');
    expect(prepareBody({ ...body, provider: 'fast' }).clientProviders).toBe(true);
    // No order asked for, or an empty one: the client's provider member as it came.
    expect(JSON.parse(prepareBody({ ...body, provider: { sort: 'price' } }).forEntry('c/gamma', null)).provider).toEqual({ sort: 'price' });
    expect(JSON.parse(prepareBody(body).forEntry('c/gamma', null, [])).provider).toBeUndefined();
  });
  it('copies the other members from the client text as written (spacing, escapes, nesting), once per key kind', () => {
    const text =
      ' {\n "messages" : [ {"role":"user","content":"a \\"quoted\\" } ] { model"} ],\t"model": "pareto-code", "n": 1 , "x":{"model":[1,{"y":"]"}]},"plugins":[{"id":"pareto-router"}], "t" :true,"z":null }';
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(topLevelMembers(Buffer.from(text)).map((m) => m.key)).toEqual(['messages', 'model', 'n', 'x', 'plugins', 't', 'z']);
    const out = joinedBody(prepareOf(text).forEntry('b/beta', 'high')).toString();
    // Spans are in bytes: non-ASCII text before a member does not shift it.
    const wide = text.replace('a \\"quoted', 'ä€😀 \\"quoted');
    const wideOut = JSON.parse(joinedBody(prepareOf(wide).forEntry('b/beta', 'high')).toString());
    expect(wideOut.messages[0].content).toMatch(/^ä€😀/);
    expect(wideOut.x).toEqual(body.x);
    expect(out).toContain('"messages" : [ {"role":"user","content":"a \\"quoted\\" } ] { model"} ]');
    expect(JSON.parse(out)).toEqual({
      model: 'b/beta',
      reasoning: { effort: 'high' },
      messages: body.messages,
      n: 1,
      x: body.x,
      t: true,
      z: null,
    });
  });

  it('finds every top-level member of any JSON object, each span parsing back to its value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), (object, pretty) => {
        const bytes = Buffer.from(JSON.stringify(object, null, pretty ? 2 : undefined));
        const members = topLevelMembers(bytes);
        expect(members.map((m) => m.key)).toEqual(Object.keys(object));
        for (const m of members)
          expect(JSON.parse(`{${bytes.toString('utf8', m.start, m.end)}}`)).toEqual({ [m.key]: JSON.parse(JSON.stringify(object[m.key])) });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the client reasoning when it set one', () => {
    const p = prepareBody({ ...body, reasoning_effort: 'low' });
    expect(p.clientReasoning).toBe(true);
    expect(JSON.parse(p.forEntry('c/gamma', 'max'))).not.toHaveProperty('reasoning');
  });
});

describe('what the router reads of a JSON answer, without parsing it', () => {
  it('tells a JSON object from what is none: an HTML page, an empty or blank body, an array, plain text, a cut object', () => {
    for (const yes of ['{}', ' {"a":1}\n', '\r\n\t{ "id": "gen-1" }  '])
      expect(looksLikeObject(Buffer.from(yes)), JSON.stringify(yes)).toBe(true);
    for (const no of [
      '',
      ' \n',
      '{',
      ' } {',
      '[{}]',
      'null',
      '"{}"',
      '<html><body>Bad gateway</body></html>',
      'upstream error',
      '{"id": "gen-1"',
    ])
      expect(looksLikeObject(Buffer.from(no)), JSON.stringify(no)).toBe(false);
  });
  /** An answer of OpenRouter's shape (APIS example E), with text that spells the keys in its strings. */
  const answer = (over: Record<string, unknown> = {}, cached: unknown = 7) => ({
    id: 'gen-1',
    provider: 'Fireworks',
    model: 'b/beta',
    choices: [{ index: 0, message: { role: 'assistant', content: 'say "provider": x, "cached_tokens": 9, "cost": 1 } ] {' } }],
    usage: {
      prompt_tokens: 412,
      completion_tokens: 118,
      total_tokens: 530,
      prompt_tokens_details: { cached_tokens: cached },
      completion_tokens_details: { reasoning_tokens: 64 },
      cost: 0.0001208,
      is_byok: false,
      cost_details: {
        upstream_inference_cost: null,
        upstream_inference_prompt_cost: 0.0000618,
        upstream_inference_completions_cost: 0.000059,
      },
    },
    ...over,
  });
  const usage = (cachedTokens: number | null) => ({ promptTokens: 412, cachedTokens, completionTokens: 118, cost: 0.0001208 });
  const read = (value: unknown, space?: number) => answerFields(Buffer.from(JSON.stringify(value, null, space)));
  /** What the router takes of a whole parse (attempts.ts, when the bytes leave a doubt). */
  const whole = (value: unknown) => {
    const v = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    return { provider: providerOf(v), usage: usageOf(v) };
  };

  it('reads the provider and the usage, whatever the completion text says', () => {
    expect(read(answer())).toEqual({ provider: 'Fireworks', usage: usage(7) });
    expect(read(answer(), 2)).toEqual({ provider: 'Fireworks', usage: usage(7) });
    expect(read(answer({}, 0))).toEqual({ provider: 'Fireworks', usage: usage(0) });
    expect(read(answer({ provider: '' }))).toEqual({ provider: null, usage: usage(7) });
    expect(read(answer({ provider: null }, null))).toEqual({ provider: null, usage: usage(null) });
    expect(read(answer({ usage: undefined }))).toEqual({ provider: 'Fireworks', usage: null });
    expect(read({ choices: [{ message: { role: 'provider', content: 'cached_tokens' } }] })).toEqual({ provider: null, usage: null });
    // Tool-call arguments are JSON inside a string: their keys are escaped and never match.
    const tool = { function: { name: 'f', arguments: JSON.stringify({ provider: 'evil', cached_tokens: 1, cost: 9 }) } };
    expect(read(answer({ choices: [{ message: { tool_calls: [tool] } }] }))).toEqual({ provider: 'Fireworks', usage: usage(7) });
    // Text that spells the error key is text, not an error.
    expect(read(answer({ choices: [{ message: { content: 'say "error": {"code": 1}' } }] }))).toEqual({
      provider: 'Fireworks',
      usage: usage(7),
    });
    // A key holding an escaped quote before the name is another key.
    expect(answerFields(Buffer.from('{"a\\"provider":"x","provider":"P"}'))).toEqual({ provider: 'P', usage: null });
    // Figures a whole parse would not count are unknown, as they would be after one.
    expect(answerFields(Buffer.from('{"usage":{"prompt_tokens":1.5,"completion_tokens":-1,"cost":-0.5}}'))).toEqual({
      provider: null,
      usage: null,
    });
    expect(answerFields(Buffer.from('{"usage":{"prompt_tokens":1e3,"cost":2.5E-7}}'))).toHaveProperty('usage', {
      promptTokens: 1000,
      cachedTokens: null,
      completionTokens: null,
      cost: 2.5e-7,
    });
  });

  it('leaves the answer to a whole parse whenever its bytes leave a doubt', () => {
    for (const text of [
      '{"provider":"A","provider":"B"}',
      '{"provider":"A\\"B"}',
      '{"provider":"A","x":{"cached_tokens":1},"usage":{"prompt_tokens_details":{"cached_tokens":2}}}',
      '{"usage":{"cost":1},"extra":{"cost":2}}',
      '{"usage":{"prompt_tokens_details":{"cached_tokens":012}}}',
      '{"usage":{"prompt_tokens_details":{"cached_tokens":"5"}}}',
      '{"usage":{"completion_tokens":1.}}',
      '{"usage":{"cost":"0.1"}}',
      '{"usage":{"cost":-}}',
      '{"provider":"unterminated',
      // An error object must be looked at whole, wherever its key is; so must any escape.
      '{"error":{"code":502,"message":"provider down"}}',
      '{"choices":[{"error":null}],"provider":"A"}',
      '{"provider":"A","choices":[{"message":{"content":"caf\\u00e9"}}]}',
    ])
      expect(answerFields(Buffer.from(text)), text).toBe(PARSE_WHOLE);
  });

  it("agrees with a whole parse on any answer of OpenRouter's shape that it reads", () => {
    const figure = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(null), fc.string());
    fc.assert(
      fc.property(
        fc.option(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
        fc.option(fc.record({ prompt_tokens: figure, completion_tokens: figure, cost: figure, cached: figure }, { requiredKeys: [] })),
        fc.array(fc.string()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.boolean(),
        (provider, figures, contents, extra, pretty) => {
          const { cached, ...rest } = figures ?? {};
          const value = {
            ...extra,
            ...(provider === null ? {} : { provider }),
            choices: contents.map((content) => ({ message: { content } })),
            ...(figures === null
              ? {}
              : { usage: { ...rest, ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } }) } }),
          };
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          if (text.includes('\\u')) return; // the caller parses those whole
          const fields = answerFields(Buffer.from(text));
          if (fields !== PARSE_WHOLE) expect(fields).toEqual(whole(value));
        },
      ),
      { numRuns: 1000 },
    );
    // Answers as OpenRouter sends them are read, not left to the parse.
    expect(read(answer())).not.toBe(PARSE_WHOLE);
  });
});

describe('conversation key', () => {
  const messages = [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'task' },
    { role: 'assistant', content: 'a' },
    { role: 'user', content: 'more' },
  ];
  const key = (over: Partial<Parameters<typeof conversationKey>[0]> = {}) =>
    conversationKey({ credential: 'c1', routerModel: 'pareto-code', messages, ...over });
  it('is stable across turns and differs by credential, router model, system and first user message', () => {
    expect(key()).toMatch(/^conversation:[0-9a-f]{64}$/);
    expect(key({ messages: [...messages, { role: 'user', content: 'third' }] })).toBe(key());
    const others = [
      key({ credential: 'c2' }),
      key({ routerModel: 'pareto-code:nitro' }),
      key({ messages: [{ role: 'developer', content: 'other' }, ...messages.slice(1)] }),
      key({ messages: [messages[0], { role: 'user', content: 'other task' }] }),
    ];
    expect(new Set([key(), ...others]).size).toBe(5);
  });
  it('is null without a user message', () => {
    expect(key({ messages: [{ role: 'system', content: 'sys' }] })).toBeNull();
    expect(key({ messages: 'nope' })).toBeNull();
  });
});

describe('router settings', () => {
  it('has defaults, parses the variables, and refuses bad values naming the variable', () => {
    const d = parseRouterSettings({});
    expect(d).toMatchObject({
      routerKeys: [],
      passthrough: true,
      preventOverrides: false,
      maxBodyBytes: 16 * 1024 * 1024,
      stickyTtlMs: 300_000,
      keepAliveTimeoutMs: 65_000,
    });
    expect(parseRouterSettings({ PARETO_KEEPALIVE_TIMEOUT_MS: '125000' }).keepAliveTimeoutMs).toBe(125_000);
    expect(d.firstByteTimeoutMs).toBeLessThan(300_000);
    expect(d.workers).toBe(1);
    expect(parseRouterSettings({ PARETO_WORKERS: ' Auto ' }).workers).toBe('auto');
    expect(parseRouterSettings({ PARETO_WORKERS: '4' }).workers).toBe(4);
    expect(
      parseRouterSettings({ PARETO_ROUTER_KEYS: ' a , b,', PARETO_PASSTHROUGH: 'off', PARETO_DEFAULT_MIN_CODING_SCORE: '0.4' }),
    ).toMatchObject({
      routerKeys: [
        { name: 'key-1', key: 'a' },
        { name: 'key-2', key: 'b' },
      ],
      passthrough: false,
      defaultMinCodingScore: 0.4,
    });
    expect(parseRouterSettings({}).metricsKey).toBeUndefined();
    expect(parseRouterSettings({ PARETO_METRICS_KEY: ' mk-1 ' }).metricsKey).toBe('mk-1');
    // NAME:KEY names a client; a bare key is named by its place. The key is everything after the first colon.
    expect(parseRouterSettings({ PARETO_ROUTER_KEYS: 'ci:rk-1, rk-2 ,alice.b: rk:3' }).routerKeys).toEqual([
      { name: 'ci', key: 'rk-1' },
      { name: 'key-2', key: 'rk-2' },
      { name: 'alice.b', key: 'rk:3' },
    ]);
    for (const [name, value] of [
      ['PARETO_DEFAULT_MIN_CODING_SCORE', '2'],
      ['PARETO_PREVENT_OVERRIDES', 'maybe'],
      ['PARETO_MAX_BODY_BYTES', '0'],
      ['PARETO_IDLE_TIMEOUT_MS', '1.5'],
      ['PARETO_KEEPALIVE_TIMEOUT_MS', '-1'],
      ['PARETO_REDIS_URL', 'http://x'],
      ['PARETO_WORKERS', '0'],
      ['PARETO_WORKERS', '257'],
      ['PARETO_WORKERS', 'two'],
      ['PARETO_ROUTER_KEYS', 'a b:rk-secret-1'],
      ['PARETO_ROUTER_KEYS', ':rk-secret-1'],
      ['PARETO_ROUTER_KEYS', 'ci:'],
      ['PARETO_ROUTER_KEYS', 'ci:rk-secret-1,ci:rk-secret-2'],
      ['PARETO_ROUTER_KEYS', 'a:rk-secret-1,b:rk-secret-1'],
    ] as const) {
      expect(() => parseRouterSettings({ [name]: value })).toThrow(ParetoError);
      expect(() => parseRouterSettings({ [name]: value })).toThrow(name);
      // An entry may be a key: its error names its place, never its text.
      expect(() => parseRouterSettings({ [name]: value })).not.toThrow(/rk-secret/);
    }
  });
});

const HIGH_200 = { router_model: 'pareto-code', tier: 'high', status: '200', attempt: '1' };

/** Each series is a whole line of the text, with that value. */
function expectSamples(text: string, samples: Record<string, number>): void {
  const lines = new Set(text.split('\n'));
  for (const [series, value] of Object.entries(samples)) expect(lines.has(`${series} ${value}`), `${series} ${value}`).toBe(true);
}

describe('metrics text', () => {
  it('renders counters with escaped labels, cumulative histogram buckets and gauges', () => {
    const m = createRouterMetrics();
    m.request(HIGH_200);
    m.request(HIGH_200);
    m.fallback('status_503');
    m.routerAdded(0.0003);
    m.routerAdded(0.02);
    const text = m.render({ shortlistVersion: 4, shortlistAgeSeconds: 10, inFlight: 0, store: null });
    expectSamples(text, {
      'pareto_requests_total{router_model="pareto-code",tier="high",status="200",attempt="1"}': 2,
      'pareto_fallbacks_total{reason="status_503"}': 1,
      'pareto_router_added_seconds_bucket{le="0.0005"}': 1,
      'pareto_router_added_seconds_bucket{le="0.025"}': 2,
      pareto_router_added_seconds_count: 2,
      pareto_shortlist_version: 4,
    });
    expect(text).not.toContain('pareto_sticky_store_up');
    expect(text).not.toContain('process_');
  });
  it('adds up tokens and cost by router model and model, and folds series past the limit into model="other"', () => {
    const m = createRouterMetrics();
    const u = { promptTokens: 400, cachedTokens: 300, completionTokens: 20, cost: 0.25 };
    const at = (router_model: string, model: string) => ({ router_model, model, client: 'ci' });
    m.usage(at('pareto-code', 'b/beta'), u);
    m.usage(at('pareto-code', 'b/beta'), { ...u, cachedTokens: null, cost: 0.5 });
    m.usage(at('pass-through', 'x/"odd"'), u);
    for (let i = 0; i < SPEND_SERIES_LIMIT + 5; i++) m.usage(at('pass-through', `m/${i}`), u);
    const text = m.render({ shortlistVersion: 1, shortlistAgeSeconds: 1, inFlight: 0, store: null });
    expectSamples(text, {
      'pareto_prompt_tokens_total{router_model="pareto-code",model="b/beta",client="ci"}': 800,
      'pareto_cached_tokens_total{router_model="pareto-code",model="b/beta",client="ci"}': 300,
      'pareto_completion_tokens_total{router_model="pareto-code",model="b/beta",client="ci"}': 40,
      'pareto_cost_usd_total{router_model="pareto-code",model="b/beta",client="ci"}': 0.75,
      'pareto_prompt_tokens_total{router_model="pass-through",model="x/\\"odd\\"",client="ci"}': 400,
      // Two series before the loop, so the loop's last 7 go to "other".
      'pareto_prompt_tokens_total{router_model="pass-through",model="other",client="ci"}': 7 * 400,
    });
    expect(text).toMatch(/^# TYPE pareto_cost_usd_total counter$/m);
    expect(text.match(/^pareto_cost_usd_total\{/gm)).toHaveLength(SPEND_SERIES_LIMIT + 1);
  });
  it('renders the process figures under the names prom-client uses, and leaves out an event-loop delay not yet sampled', () => {
    const process = {
      cpuUserSeconds: 1.5,
      cpuSystemSeconds: 0.25,
      startTimeSeconds: 1_780_000_000,
      residentMemoryBytes: 123_456_789,
      heapTotalBytes: 50_000_000,
      heapUsedBytes: 40_000_000,
      externalMemoryBytes: 2_000_000,
      eventLoopDelay: { p50: 0.0101, p99: 0.025, max: null },
    };
    const text = createRouterMetrics().render({ shortlistVersion: 1, shortlistAgeSeconds: 1, inFlight: 0, store: null, process });
    expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.75$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total 1.5$/m);
    expect(text).toMatch(/^process_start_time_seconds 1780000000$/m);
    expect(text).toMatch(/^process_resident_memory_bytes 123456789$/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes 40000000$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds 0.025$/m);
    expect(text).not.toContain('nodejs_eventloop_lag_max_seconds');
  });
});

describe('metrics of several workers', () => {
  const gauges = (version: number, age: number, ok: boolean) => ({
    shortlistVersion: version,
    shortlistAgeSeconds: age,
    inFlight: 2,
    store: { ok, errors: ok ? 0 : 3, outages: ok ? 0 : 1 },
  });
  it('adds counters and histogram buckets series by series, and keeps a series only one worker has', () => {
    const a = createRouterMetrics();
    const b = createRouterMetrics();
    a.request(HIGH_200);
    b.request(HIGH_200);
    b.request(HIGH_200);
    b.fallback('status_503');
    a.routerAdded(0.0003);
    b.routerAdded(0.02);
    const text = renderFamilies(mergeFamilies([a.collect(gauges(4, 10, true)), b.collect(gauges(4, 10, true))]));
    expectSamples(text, {
      'pareto_requests_total{router_model="pareto-code",tier="high",status="200",attempt="1"}': 3,
      'pareto_fallbacks_total{reason="status_503"}': 1,
      'pareto_router_added_seconds_bucket{le="0.0005"}': 1,
      'pareto_router_added_seconds_bucket{le="0.025"}': 2,
      pareto_router_added_seconds_count: 2,
      pareto_in_flight_requests: 4,
    });
    expect(text.match(/^# TYPE pareto_requests_total counter$/gm)).toHaveLength(1);
  });
  it('reports the oldest shortlist any worker serves, and a store down where any worker cannot reach it', () => {
    const text = renderFamilies(
      mergeFamilies([createRouterMetrics().collect(gauges(5, 20, true)), createRouterMetrics().collect(gauges(4, 900, false))]),
    );
    expect(text).toMatch(/^pareto_shortlist_version 4$/m);
    expect(text).toMatch(/^pareto_shortlist_age_seconds 900$/m);
    expect(text).toMatch(/^pareto_sticky_store_up 0$/m);
    expect(text).toMatch(/^pareto_sticky_store_errors_total 3$/m);
  });
  it('renders one worker exactly as that worker renders itself', () => {
    const m = createRouterMetrics();
    m.request({ router_model: 'pareto-code:nitro', tier: 'low', status: '503', attempt: '3' });
    expect(renderFamilies(mergeFamilies([m.collect(gauges(1, 1, true))]))).toBe(m.render(gauges(1, 1, true)));
  });
});
