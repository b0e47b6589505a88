import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask, HIGH_CHAIN, startHarness, type Harness } from '../support/router-harness.js';

/**
 * Every upstream fault of SPEC §10.3, through a real router on a port and a fake OpenRouter:
 * which attempt answered, what the client saw, how many upstream calls were made.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.fake.calls.length = 0;
  for (const m of HIGH_CHAIN) h.fake.fault(m, null);
});

const models = () => h.fake.calls.map((c) => c.model);

describe('non-streaming fallbacks', () => {
  it('a healthy primary answers on attempt 1 with the x-pareto headers and the upstream body as sent', async () => {
    const res = await h.chat(ask());
    expect(res.status).toBe(200);
    expect(
      Object.fromEntries(
        ['x-pareto-model', 'x-pareto-effort', 'x-pareto-tier', 'x-pareto-version', 'x-pareto-attempt', 'x-pareto-sticky'].map((n) => [
          n,
          res.headers.get(n),
        ]),
      ),
    ).toEqual({
      'x-pareto-model': 'b/beta',
      'x-pareto-effort': 'default',
      'x-pareto-tier': 'high',
      'x-pareto-version': '1',
      'x-pareto-attempt': '1',
      'x-pareto-sticky': 'false',
    });
    expect(res.headers.get('x-should-retry')).toBeNull();
    expect(((await res.json()) as any).model).toBe('b/beta');
    expect(models()).toEqual(['b/beta']);
  });

  it.each([
    ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: '7' }],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '3' }],
    ['502', { kind: 'status', status: 502 }],
    ['a reset connection', { kind: 'reset' }],
    ['a hang before the headers (first-byte timeout)', { kind: 'hang' }],
    ['an error object in a 200', { kind: 'error-first' }],
    ['an error object in a 200 under a key written with escapes', { kind: 'error-first', escapedKey: true }],
    ['a 200 whose body breaks off half-way', { kind: 'cut' }],
    ['a 200 with an HTML page', { kind: 'not-json' }],
    ['a 200 with an empty body', { kind: 'not-json', body: '', contentType: 'application/json' }],
    ['a 200 of JSON that is no object', { kind: 'not-json', body: '[1, 2]', contentType: 'application/json' }],
    [
      'a 200 that looks like an object and does not parse',
      { kind: 'not-json', body: '{"id": "gen-1", "note": "\\u00zz"}', contentType: 'application/json' },
    ],
  ] as const)('primary fails with %s: the first fallback answers on attempt 2 (2 upstream calls)', async (_name, fault) => {
    h.fake.fault('b/beta', fault);
    const res = await h.chat(ask());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-pareto-attempt')).toBe('2');
    expect(res.headers.get('x-pareto-model')).toBe('c/gamma');
    expect(res.headers.get('x-pareto-effort')).toBe('max');
    expect(models()).toEqual(['b/beta', 'c/gamma']);
    expect(h.fake.calls[1]!.body.reasoning).toEqual({ effort: 'max' });
  });

  it('a 400 KB agent body (non-ASCII included) reaches each attempt whole, with its content-length, rewritten only in model and effort', async () => {
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    const messages = Array.from({ length: 40 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: `turn ${i} — ünïcode `.padEnd(10_000, 'lorem ipsum dolor sit amet '),
    }));
    const tools = [{ type: 'function', function: { name: 'read', parameters: { type: 'object' } } }];
    for (const body of [
      ask({ messages, tools }),
      ask({ messages: messages.map((m) => ({ ...m, content: m.content.replace(/[^\x00-\x7f]/g, 'u') })), tools }),
    ]) {
      h.fake.calls.length = 0;
      const res = await h.chat(body);
      expect(res.status).toBe(200);
      expect(models()).toEqual(['b/beta', 'c/gamma']);
      for (const call of h.fake.calls) {
        const { model, reasoning, ...rest } = call.body;
        const { model: _asked, plugins: _plugins, ...sent } = body as Record<string, unknown>;
        expect(rest).toEqual(sent);
        expect(call.headers['transfer-encoding']).toBeUndefined();
        expect(Number(call.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(call.body)));
      }
      expect(h.fake.calls.map((c) => [c.body.model, c.body.reasoning])).toEqual([
        ['b/beta', undefined],
        ['c/gamma', { effort: 'max' }],
      ]);
    }
  });

  it.each([400, 401, 402, 403, 404])('a %i is never a reason to fall back: relayed from attempt 1 (1 upstream call)', async (status) => {
    h.fake.fault('b/beta', { kind: 'status', status, message: `no ${status}` });
    const res = await h.chat(ask());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error: { code: status, message: `no ${status}`, metadata: { error_type: 'provider_unavailable' } },
    });
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(models()).toEqual(['b/beta']);
  });

  it('every attempt failing relays the last upstream error as sent (status, body, Retry-After) with x-should-retry: false (3 calls)', async () => {
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    h.fake.fault('c/gamma', { kind: 'status', status: 502 });
    h.fake.fault('a/alpha', { kind: 'status', status: 429, retryAfter: '11', message: 'slow down' });
    const res = await h.chat(ask());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('11');
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.headers.get('x-pareto-attempt')).toBe('3');
    expect(((await res.json()) as any).error.message).toBe('slow down');
    expect(models()).toEqual(HIGH_CHAIN);
  });

  it('every attempt answering a 200 that is no JSON object ends in our own 502 naming what came, unpinned (3 calls)', async () => {
    for (const m of HIGH_CHAIN) h.fake.fault(m, { kind: 'not-json' });
    const res = await h.chat(ask({ session_id: 'not-json-session' }));
    expect(res.status).toBe(502);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ code: 'upstream_invalid_answer', type: 'server_error', param: null });
    expect(body.error.message).toMatch(
      /^the upstream answered 200 with \d+ bytes of text\/html that are no JSON object \(after 3 attempts\)$/,
    );
    expect(models()).toEqual(HIGH_CHAIN);
    // A failure pins nothing: with the upstream healthy again the session starts at the primary.
    for (const m of HIGH_CHAIN) h.fake.fault(m, null);
    const next = await h.chat(ask({ session_id: 'not-json-session' }));
    expect(next.headers.get('x-pareto-sticky')).toBe('false');
    expect(next.headers.get('x-pareto-model')).toBe('b/beta');
  });

  it('an answer that never ends is cut at PARETO_MAX_ANSWER_BYTES and its connection closed: a fallback answers, or our 502', async () => {
    const small = await startHarness({ env: { PARETO_MAX_ANSWER_BYTES: '65536' } });
    try {
      small.fake.fault('b/beta', { kind: 'endless' });
      const res = await small.chat(ask());
      expect(res.status).toBe(200);
      expect(res.headers.get('x-pareto-attempt')).toBe('2');
      await small.fake.calls[0]!.closed; // the router let the endless answer go
      for (const m of HIGH_CHAIN) small.fake.fault(m, { kind: 'endless' });
      const failed = await small.chat(ask());
      expect(failed.status).toBe(502);
      expect(failed.headers.get('x-should-retry')).toBe('false');
      const body = (await failed.json()) as any;
      expect(body.error.code).toBe('upstream_answer_too_large');
      expect(body.error.message).toBe('the upstream answer passed 65536 bytes (PARETO_MAX_ANSWER_BYTES) before its end (after 3 attempts)');
      expect(small.fake.calls.map((c) => c.model)).toEqual(['b/beta', 'c/gamma', ...HIGH_CHAIN]);
    } finally {
      await small.close();
    }
  });

  it('every attempt timing out before the headers ends in our own 504 in the OpenAI shape (3 calls)', async () => {
    for (const m of HIGH_CHAIN) h.fake.fault(m, { kind: 'hang' });
    const res = await h.chat(ask());
    expect(res.status).toBe(504);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ code: 'upstream_timeout', type: 'server_error', param: null });
    expect(body.error.message).toContain('after 3 attempts');
    expect(models()).toEqual(HIGH_CHAIN);
  });
});

describe('streaming fallbacks and the commit point', () => {
  const readAll = async (res: Response) => await res.text();
  const dataEvents = (text: string) => text.split('\n\n').filter((e) => e.startsWith('data: '));

  it('relays keep-alive comments, the deltas, the usage chunk and [DONE] from attempt 1', async () => {
    const res = await h.chat(ask({ stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await readAll(res);
    expect(text.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    const events = dataEvents(text);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)!.slice(6))).toMatchObject({ choices: [], usage: { total_tokens: 15 } });
    expect(models()).toEqual(['b/beta']);
  });

  it('an error as the first data event of a 200 falls back before anything is sent (attempt 2, 2 calls)', async () => {
    h.fake.fault('b/beta', { kind: 'error-first' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.headers.get('x-pareto-attempt')).toBe('2');
    const text = await readAll(res);
    expect(text).not.toContain('fake in-band error');
    expect(dataEvents(text).at(-1)).toBe('data: [DONE]');
    expect(models()).toEqual(['b/beta', 'c/gamma']);
  });

  it('an error chunk after data was sent is relayed as sent, with no fallback (1 call)', async () => {
    h.fake.fault('b/beta', { kind: 'error-mid' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.status).toBe(200);
    const events = dataEvents(await readAll(res));
    expect(JSON.parse(events.at(-1)!.slice(6))).toMatchObject({
      error: { message: 'fake in-band error' },
      choices: [{ finish_reason: 'error' }],
    });
    expect(models()).toEqual(['b/beta']);
  });

  it('a stream cut without [DONE] ends with our own error chunk (finish_reason "error"), not a clean end (1 call)', async () => {
    h.fake.fault('b/beta', { kind: 'cut' });
    const res = await h.chat(ask({ stream: true }));
    const events = dataEvents(await readAll(res));
    expect(events).not.toContain('data: [DONE]');
    const last = JSON.parse(events.at(-1)!.slice(6));
    expect(last).toMatchObject({
      model: 'b/beta',
      choices: [{ finish_reason: 'error' }],
      error: { message: expect.stringContaining('[DONE]') },
    });
    expect(models()).toEqual(['b/beta']);
  });

  it('a stream that stalls mid-way hits the idle timeout and ends with our error chunk (1 call)', async () => {
    h.fake.fault('b/beta', { kind: 'stall' });
    const res = await h.chat(ask({ stream: true }));
    const events = dataEvents(await readAll(res));
    expect(JSON.parse(events.at(-1)!.slice(6))).toMatchObject({
      choices: [{ finish_reason: 'error' }],
      error: { message: expect.stringContaining('broke') },
    });
    expect(models()).toEqual(['b/beta']);
  });

  it('a stream that breaks before its first data event falls back: nothing was sent yet (attempt 2, 2 calls)', async () => {
    h.fake.fault('b/beta', { kind: 'reset' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.headers.get('x-pareto-attempt')).toBe('2');
    expect(dataEvents(await readAll(res)).at(-1)).toBe('data: [DONE]');
    expect(models()).toEqual(['b/beta', 'c/gamma']);
  });

  it('an HTML page on a 200 instead of a stream falls back and the fallback streams (attempt 2)', async () => {
    h.fake.fault('b/beta', { kind: 'not-json' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.headers.get('x-pareto-attempt')).toBe('2');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(await readAll(res)).toContain('data: [DONE]');
    expect(models()).toEqual(['b/beta', 'c/gamma']);
  });

  it('a 503 before the stream starts falls back like a JSON request (attempt 2)', async () => {
    h.fake.fault('b/beta', { kind: 'status', status: 503, retryAfter: '2' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.headers.get('x-pareto-attempt')).toBe('2');
    expect(dataEvents(await readAll(res)).at(-1)).toBe('data: [DONE]');
  });

  it('when every attempt fails with an error as the first event, the last one is relayed as sent with x-should-retry: false', async () => {
    for (const m of HIGH_CHAIN) h.fake.fault(m, { kind: 'error-first' });
    const res = await h.chat(ask({ stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const events = dataEvents(await readAll(res));
    expect(JSON.parse(events.at(-1)!.slice(6))).toMatchObject({ model: 'a/alpha', error: { message: 'fake in-band error' } });
    expect(models()).toEqual(HIGH_CHAIN);
  });
});

describe('client disconnects', () => {
  it('a client that goes away mid-stream aborts the upstream request (the fake sees its connection close)', async () => {
    h.fake.fault('b/beta', { kind: 'stall' });
    const controller = new AbortController();
    const res = await h.chat(ask({ stream: true }), {});
    const reader = res.body!.getReader();
    await reader.read();
    const call = h.fake.calls[0]!;
    await reader.cancel();
    controller.abort();
    await call.closed;
    expect(call.closedEarly).toBe(true);
  });

  it('a client that goes away while the upstream has not answered aborts it too (non-streaming)', async () => {
    h.fake.fault('b/beta', { kind: 'hang' });
    const controller = new AbortController();
    const arrived = h.fake.nextCall();
    const pending = fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(ask()), signal: controller.signal }).catch(
      (e: Error) => e,
    );
    const call = await arrived;
    controller.abort();
    await call.closed;
    expect(call.closedEarly).toBe(true);
    expect(await pending).toBeInstanceOf(Error);
    expect(h.fake.calls).toHaveLength(1);
  });
});

describe('an unreachable upstream', () => {
  it('a refused connection on every attempt ends in our 502 with x-should-retry: false', async () => {
    const refused = await startHarness({ upstream: 'http://127.0.0.1:1/api/v1' });
    try {
      const res = await refused.chat(ask());
      expect(res.status).toBe(502);
      expect(res.headers.get('x-should-retry')).toBe('false');
      expect(((await res.json()) as any).error).toMatchObject({
        code: 'upstream_unreachable',
        message: expect.stringContaining('after 3 attempts'),
      });
      expect(refused.log.lines.some((l) => /attempts=3 status=502/.test(l) && /fallbacks=connect,connect/.test(l))).toBe(true);
    } finally {
      await refused.close();
    }
  });
});

describe('x-request-id', () => {
  it("a client's own id of plain characters names the log line and comes back; any other is replaced by the router's", async () => {
    const own = await h.chat(ask(), { 'x-request-id': 'agent-run-7/step:3' });
    expect(own.headers.get('x-request-id')).toBe('agent-run-7/step:3');
    await own.arrayBuffer();
    expect(h.log.lines.some((l) => l.includes('request id=agent-run-7/step:3 router_model=pareto-code '))).toBe(true);
    // Not forwarded: OpenRouter makes ids of its own.
    expect(h.fake.calls.at(-1)!.headers['x-request-id']).toBeUndefined();
    for (const forged of ['x status=200 sticky=true', 'x"}', 'a'.repeat(129), '']) {
      const res = await h.chat(ask(), { 'x-request-id': forged });
      await res.arrayBuffer();
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(h.log.lines.join('\n')).not.toContain('id=x status=200');
  });

  it('every chat answer carries the id of its log line: a success, a relayed failure, the router’s own error', async () => {
    const idOf = async (res: Response) => {
      await res.arrayBuffer();
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      return id!;
    };
    const ok = await idOf(await h.chat(ask()));
    for (const m of HIGH_CHAIN) h.fake.fault(m, { kind: 'status', status: 503 });
    const failed = await idOf(await h.chat(ask()));
    const refused = await idOf(await h.chat({ model: 'pareto-code', messages: [], plugins: 'nope' }));
    expect(new Set([ok, failed, refused]).size).toBe(3);
    for (const [id, status] of [
      [ok, 200],
      [failed, 503],
      [refused, 400],
    ] as const)
      expect(h.log.lines.find((l) => l.includes(`request id=${id} `))).toContain(`status=${status} `);
  });
});
