import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { browserRefusal, credentialMode } from '../../src/router/credentials.js';
import { ask, startHarness, type Harness } from '../support/router-harness.js';

/** SPEC §10.5 credentials and the request limits, each answered in the OpenAI error shape. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ROUTER_KEY = 'rk-team-key-0123456789';
const SERVER_KEY = 'sk-or-server-key-123456';
/** A POST with headers fetch will not let a test set as a browser would (Host): node:http sends them as given. */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { message: string; type: string; code: string; param: string | null } }).error;

describe('credentials', () => {
  it('the start-up line says which key serves whom, and warns when the server key serves nobody', () => {
    const mode = (keys: string[], serverKey: string | undefined, loopbackOnly: boolean) =>
      credentialMode({ routerKeys: keys.map((key, i) => ({ name: i === 0 ? 'ci' : `key-${i + 1}`, key })), serverKey, loopbackOnly });
    expect(mode([ROUTER_KEY, 'rk-other-key-0123456'], SERVER_KEY, false)).toEqual({
      warn: false,
      message:
        'credentials: clients send one of the 2 router key(s) in PARETO_ROUTER_KEYS (ci, key-2); OpenRouter is called with OPENROUTER_API_KEY',
    });
    expect(mode([], SERVER_KEY, true).message).toContain('clients on this machine are served with OPENROUTER_API_KEY');
    const off = mode([], SERVER_KEY, false);
    expect(off.warn).toBe(true);
    expect(off.message).toContain('OPENROUTER_API_KEY serves nobody; set PARETO_ROUTER_KEYS');
    expect(mode([], undefined, false)).toEqual({ warn: false, message: expect.stringContaining('own OpenRouter key is passed through') });
    expect(mode([], undefined, true).warn).toBe(false);
    for (const m of [mode([ROUTER_KEY], SERVER_KEY, false), off]) {
      expect(m.message).not.toContain(ROUTER_KEY);
      expect(m.message).not.toContain(SERVER_KEY);
    }
  });

  it('with router keys: none or a wrong one is a 401; a right one is served with the server key, and never goes upstream or into the log', async () => {
    h = await startHarness({ env: { PARETO_ROUTER_KEYS: `rk-other-key-999999, ${ROUTER_KEY}` } });
    const none = await h.chat(ask());
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatchObject({ type: 'authentication_error', code: 'unauthorized', param: null });
    const wrong = await h.chat(ask(), { authorization: 'Bearer rk-team-key-0123456780' });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).not.toContain('rk-team-key');
    const right = await h.chat(ask(), { authorization: `Bearer ${ROUTER_KEY}` });
    expect(right.status).toBe(200);
    expect(h.fake.calls).toHaveLength(1);
    const call = h.fake.calls[0]!;
    expect(call.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
    expect(JSON.stringify([call.headers, call.body])).not.toContain(ROUTER_KEY);
    expect(h.log.lines.join('\n')).not.toContain(ROUTER_KEY);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).not.toContain(ROUTER_KEY);
  });

  it('a named router key names its client in the log line and the spend counters; the key itself appears nowhere', async () => {
    h = await startHarness({ env: { PARETO_ROUTER_KEYS: `ci:${ROUTER_KEY},rk-bare-key-0123456789` } });
    for (const key of [ROUTER_KEY, 'rk-bare-key-0123456789']) {
      const res = await h.chat(ask(), { authorization: `Bearer ${key}` });
      expect(res.status).toBe(200);
      await res.text();
    }
    const requests = h.log.lines.filter((l) => l.startsWith('info request '));
    expect(requests.map((l) => / client=(\S+) /.exec(l)?.[1])).toEqual(['ci', 'key-2']);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_cost_usd_total\{router_model="pareto-code",model="b\/beta",client="ci"\} [\d.e-]+$/m);
    expect(metrics).toMatch(/^pareto_prompt_tokens_total\{router_model="pareto-code",model="b\/beta",client="key-2"\} 10$/m);
    expect(`${h.log.lines.join('\n')}\n${metrics}`).not.toMatch(/rk-team-key|rk-bare-key/);
  });

  it('with PARETO_METRICS_KEY, /metrics asks for it (401 without or with another); the other read-only routes stay open', async () => {
    const METRICS_KEY = 'mk-scraper-key-0123456789';
    h = await startHarness({ env: { PARETO_METRICS_KEY: METRICS_KEY } });
    const none = await fetch(`${h.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('PARETO_METRICS_KEY') });
    const wrong = await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer mk-scraper-key-0123456780' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toMatch(/^# TYPE pareto_requests_total counter$/m);
    for (const route of ['/healthz', '/readyz', '/v1/models', '/v1/shortlist']) expect((await fetch(`${h.url}${route}`)).status).toBe(200);
    expect(h.log.lines.join('\n')).not.toContain(METRICS_KEY);
  });

  it('without router keys on loopback, the server key serves local clients whatever placeholder key they send', async () => {
    h = await startHarness();
    const res = await h.chat(ask(), { authorization: 'Bearer placeholder' });
    expect(res.status).toBe(200);
    expect(h.fake.calls[0]!.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
  });

  it('without router keys on loopback, a page of another site in a browser cannot spend the server key: its Origin or a rebound Host is a 403', async () => {
    h = await startHarness();
    const url = `${h.url}/v1/chat/completions`;
    const body = JSON.stringify(ask());
    const port = new URL(h.url).port;
    // What a form or a text/plain fetch from https://evil.example sends: no preflight, an Origin.
    expect(await rawPost(url, { origin: 'https://evil.example' }, body)).toEqual({ status: 403, code: 'browser_origin_refused' });
    expect(await rawPost(url, { origin: 'null' }, body)).toEqual({ status: 403, code: 'browser_origin_refused' });
    // DNS rebinding: the page's own name now points at 127.0.0.1, and the browser says so in Host.
    expect(await rawPost(url, { host: `evil.example:${port}` }, body)).toEqual({ status: 403, code: 'host_refused' });
    expect(await rawPost(url, { host: `127.0.0.1.evil.example:${port}` }, body)).toEqual({ status: 403, code: 'host_refused' });
    expect(h.fake.calls).toHaveLength(0);
    // Programs on this machine (no Origin), and pages served from it, are served.
    for (const headers of [{}, { host: `localhost:${port}` }, { host: `[::1]:${port}` }, { origin: `http://localhost:5173` }] as Array<
      Record<string, string>
    >)
      expect((await rawPost(url, headers, body)).status).toBe(200);
    expect(h.fake.calls).toHaveLength(4);
    expect(h.fake.calls.every((c) => c.headers.authorization === `Bearer ${SERVER_KEY}`)).toBe(true);
  });

  it('a browser page that holds a router key, or its own OpenRouter key off loopback, is served: the key is what authorises it', async () => {
    h = await startHarness({ env: { PARETO_ROUTER_KEYS: ROUTER_KEY } });
    const withKey = { origin: 'https://app.example', host: 'router.example:443', authorization: `Bearer ${ROUTER_KEY}` };
    expect((await rawPost(`${h.url}/v1/chat/completions`, withKey, JSON.stringify(ask()))).status).toBe(200);
    await h.close();
    h = await startHarness({ host: '0.0.0.0' });
    const own = { origin: 'https://app.example', authorization: 'Bearer sk-or-client-own-key' };
    expect((await rawPost(`${h.url}/v1/chat/completions`, own, JSON.stringify(ask()))).status).toBe(200);
  });

  it('tells loopback names from others in Origin and Host', () => {
    for (const [origin, host] of [
      [undefined, undefined],
      [undefined, '127.0.0.1:8080'],
      [undefined, '127.1.2.3'],
      [undefined, 'LOCALHOST:8080'],
      [undefined, 'app.localhost:8080'],
      ['http://127.0.0.1:3000', '[::1]:8080'],
      ['http://[::1]:3000', 'localhost'],
    ] as const)
      expect(browserRefusal(origin, host), `${origin} ${host}`).toBeNull();
    for (const [origin, host, code] of [
      ['https://evil.example', '127.0.0.1:8080', 'browser_origin_refused'],
      ['null', undefined, 'browser_origin_refused'],
      ['not a url', undefined, 'browser_origin_refused'],
      ['http://localhost.evil.example', undefined, 'browser_origin_refused'],
      [undefined, 'evil.example:8080', 'host_refused'],
      [undefined, '127.0.0.1.nip.io:8080', 'host_refused'],
      [undefined, '10.0.0.2:8080', 'host_refused'],
      [undefined, '[::2]:8080', 'host_refused'],
    ] as const)
      expect(browserRefusal(origin, host)?.body.error.code, `${origin} ${host}`).toBe(code);
  });

  it('off loopback without router keys, the server key never serves: no bearer is a 401, a client key is passed through', async () => {
    h = await startHarness({ host: '0.0.0.0' });
    const none = await h.chat(ask());
    expect(none.status).toBe(401);
    expect((await errorOf(none)).message).toContain('Authorization: Bearer');
    expect(h.fake.calls).toHaveLength(0);
    const own = await h.chat(ask(), { authorization: 'Bearer sk-or-client-own-key' });
    expect(own.status).toBe(200);
    expect(h.fake.calls[0]!.headers.authorization).toBe('Bearer sk-or-client-own-key');
  });

  it('on loopback without a server key, client keys are passed through', async () => {
    h = await startHarness({ serverKey: undefined });
    expect((await h.chat(ask())).status).toBe(401);
    expect((await h.chat(ask(), { authorization: 'Bearer sk-or-client-own-key' })).status).toBe(200);
    expect(h.fake.calls[0]!.headers.authorization).toBe('Bearer sk-or-client-own-key');
  });
});

describe('limits and bad requests', () => {
  it('a body over PARETO_MAX_BODY_BYTES is a 413, nothing goes upstream', async () => {
    h = await startHarness({ env: { PARETO_MAX_BODY_BYTES: '2000' } });
    const res = await h.chat(ask({ messages: [{ role: 'user', content: 'x'.repeat(3000) }] }));
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: 'payload_too_large', type: 'invalid_request_error' });
    expect((await h.chat(ask())).status).toBe(200);
    expect(h.fake.calls).toHaveLength(1);
  });

  it('a chunked body (no Content-Length) is cut off at the limit with a 413', async () => {
    h = await startHarness({ env: { PARETO_MAX_BODY_BYTES: '2000' } });
    const text = JSON.stringify(ask({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] }));
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < text.length; i += 500) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 500)));
        controller.close();
      },
    });
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('JSON that does not parse, or is not an object, is a 400', async () => {
    h = await startHarness();
    const post = (text: string) =>
      fetch(`${h!.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const bad = await post('{"model": "pareto-code",');
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'invalid_json' });
    expect((await post('[1,2]')).status).toBe(400);
    expect(h.fake.calls).toHaveLength(0);
    // Refused before a model was read: counted and logged under no router model, not as pass-through traffic.
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_requests_total\{router_model="none",tier="none",status="400",attempt="0"\} 2$/m);
    expect(metrics).not.toContain('router_model="pass-through"');
    const lines = h.log.lines.filter((l) => l.includes('status=400'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain(' router_model=- tier=- version=- model=- ');
  });

  it.each([
    [{ plugins: [{ id: 'pareto-router', min_coding_score: 1.5 }] }, 'min_coding_score'],
    [{ session_id: 'x'.repeat(300) }, 'session_id'],
    [{ plugins: [{ id: 'pareto-router', max_price: 0.0001 }] }, null],
  ] as const)('a router request the resolver rejects gets its status and field: %j', async (extra, param) => {
    h = await startHarness();
    const res = await h.chat(ask(extra));
    expect(res.status).toBe(param === null ? 404 : 400);
    const error = await errorOf(res);
    if (param === null) expect(error.code).toBe('no_model_under_max_price');
    else expect(error.param).toContain(param);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('past PARETO_MAX_CONCURRENT requests in flight, the next gets a 503 with Retry-After', async () => {
    h = await startHarness({ env: { PARETO_MAX_CONCURRENT: '1' } });
    h.fake.fault('b/beta', { kind: 'delay', ms: 300 });
    const arrived = h.fake.nextCall();
    const first = h.chat(ask());
    await arrived;
    const second = await h.chat(ask());
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await errorOf(second)).toMatchObject({ code: 'overloaded' });
    expect((await first).status).toBe(200);
  });
});

describe('pass-through and the rewrite', () => {
  it('another model passes through unchanged: the exact bytes the client sent', async () => {
    h = await startHarness();
    const body = { model: 'openai/gpt-5', messages: [{ role: 'user', content: 'hi' }], plugins: [{ id: 'web' }], temperature: 0.2 };
    const res = await h.chat(body);
    expect(res.status).toBe(200);
    expect(h.fake.calls[0]!.body).toEqual(body);
    expect(res.headers.get('x-pareto-model')).toBeNull();
  });

  it('PARETO_PASSTHROUGH=off rejects other models with a 400 naming the field', async () => {
    h = await startHarness({ env: { PARETO_PASSTHROUGH: 'off' } });
    const res = await h.chat({ model: 'openai/gpt-5', messages: [] });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ param: 'model', code: 'model_not_supported' });
    expect(h.fake.calls).toHaveLength(0);
    // A refused pass-through is still pass-through traffic, and the log names the model asked for.
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^pareto_requests_total\{router_model="pass-through",tier="none",status="400",attempt="0"\} 1$/m);
    expect(h.log.lines.find((l) => l.includes('status=400'))).toContain(' router_model=pass-through tier=- version=- model=openai/gpt-5 ');
  });

  it('drops only the pareto-router plugin, forwards every other field, and sends the entry effort as reasoning.effort', async () => {
    h = await startHarness();
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    const tools = [{ type: 'function', function: { name: 'read', parameters: { type: 'object' } } }];
    await h.chat(
      ask({
        plugins: [{ id: 'pareto-router', min_coding_score: 0.9 }, { id: 'web' }],
        tools,
        tool_choice: 'auto',
        provider: { sort: 'price' },
        session_id: 's1',
      }),
    );
    const forwarded = h.fake.calls[1]!.body;
    expect(forwarded).toEqual({
      model: 'c/gamma',
      reasoning: { effort: 'max' },
      messages: ask().messages,
      plugins: [{ id: 'web' }],
      tools,
      tool_choice: 'auto',
      provider: { sort: 'price' },
      session_id: 's1',
    });
  });

  it.each([[{ reasoning: { effort: 'low' } }], [{ reasoning_effort: 'minimal' }]])(
    'a client that sets %j keeps its own reasoning (x-pareto-effort: client)',
    async (extra) => {
      h = await startHarness();
      h.fake.fault('b/beta', { kind: 'status', status: 503 });
      const res = await h.chat(ask({ plugins: [{ id: 'pareto-router' }], ...extra }));
      expect(res.headers.get('x-pareto-effort')).toBe('client');
      const forwarded = h.fake.calls[1]!.body;
      expect(forwarded).toEqual({ model: 'c/gamma', messages: ask().messages, ...extra });
    },
  );

  it('PARETO_DEFAULT_MIN_CODING_SCORE routes requests without a plugin; PARETO_PREVENT_OVERRIDES keeps it over the plugin', async () => {
    h = await startHarness({ env: { PARETO_DEFAULT_MIN_CODING_SCORE: '0.5', PARETO_PREVENT_OVERRIDES: 'on' } });
    const res = await h.chat(ask({ plugins: [{ id: 'pareto-router', min_coding_score: 0.9 }] }));
    expect(res.headers.get('x-pareto-tier')).toBe('medium');
    expect(h.fake.calls[0]!.model).toBe('g/gee');
  });
});
