import net from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { watchShortlist } from '../../src/resolver/watch.js';
import { artifact, baseContent, baseEntries, patched } from '../support/diff-fixtures.js';
import { FAKE_USAGE } from '../support/fake-openrouter.js';
import { ask, startHarness, type Harness } from '../support/router-harness.js';

/** The read-only routes, metrics, hot reload and backpressure. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.shortlist = artifact();
  h.fake.set({ chunks: 3, chunkBytes: 6, chunkDelayMs: undefined });
});

describe('GET routes', () => {
  it('/v1/models lists the router models in OpenAI list shape with the current primary per tier', async () => {
    const res = await fetch(`${h.url}/v1/models`);
    const body = (await res.json()) as any;
    expect(body.object).toBe('list');
    expect(body.data.map((m: any) => m.id)).toEqual(['pareto-code', 'pareto-code:nitro']);
    expect(body.data[0]).toMatchObject({ object: 'model', owned_by: 'pareto-router' });
    expect(body.data[0].description).toContain('high: b/beta; medium: g/gee; low: h/eta');
    expect(body.data[1].description).toContain('high: d/delta @ high');
    // One model by id, as listed; under OpenRouter's path too.
    for (const route of ['/v1/models/pareto-code', '/api/v1/models/openrouter%2Fpareto-code']) {
      const one = await fetch(`${h.url}${route}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(body.data[0]);
    }
    for (const route of ['/v1/models/gpt-5', '/v1/models/%E0%A4%A']) {
      const none = await fetch(`${h.url}${route}`);
      expect(none.status).toBe(404);
      expect(((await none.json()) as any).error).toMatchObject({ code: 'model_not_found', param: 'model' });
    }
  });

  it('/v1/shortlist serves the artifact with an ETag, 304 on If-None-Match, and another router can watch it', async () => {
    const res = await fetch(`${h.url}/v1/shortlist`);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"v1-[0-9a-f]{16}"$/);
    expect(((await res.json()) as any).contentHash).toBe(artifact().contentHash);
    const again = await fetch(`${h.url}/v1/shortlist`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const watcher = await watchShortlist(`${h.url}/v1/shortlist`, { intervalMs: 60_000, onUpdate() {}, onError() {} });
    expect(watcher.current().version).toBe(1);
    expect(await watcher.refresh()).toBe('unchanged');
    h.shortlist = artifact(baseContent(), { version: 2 });
    expect(await watcher.refresh()).toBe('updated');
    expect(watcher.current().version).toBe(2);
    watcher.stop();
  });

  it('/healthz is up; /readyz is ready with a verified shortlist and 503 without one', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/readyz`)).json()).toMatchObject({ ready: true, shortlistVersion: 1, store: 'memory' });
    const bare = await startHarness();
    try {
      bare.shortlist = undefined as never;
      const ready = await fetch(`${bare.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as any).problems).toContain('no verified shortlist is loaded');
      expect((await bare.chat(ask())).status).toBe(503);
    } finally {
      await bare.close();
    }
  });

  it('/metrics counters move: requests by model, tier, status and attempt; fallbacks by reason; histograms; shortlist version', async () => {
    const before = await (await fetch(`${h.url}/metrics`)).text();
    const count = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const served = /^pareto_requests_total\{router_model="pareto-code",tier="high",status="200",attempt="2"\} (\d+)$/m;
    const reason = /^pareto_fallbacks_total\{reason="status_503"\} (\d+)$/m;
    h.fake.fault('b/beta', { kind: 'status', status: 503 });
    await h.chat(ask());
    h.fake.fault('b/beta', null);
    const after = await (await fetch(`${h.url}/metrics`)).text();
    expect(count(after, served)).toBe(count(before, served) + 1);
    expect(count(after, reason)).toBe(count(before, reason) + 1);
    expect(count(after, /^pareto_upstream_first_byte_seconds_count (\d+)$/m)).toBe(
      count(before, /^pareto_upstream_first_byte_seconds_count (\d+)$/m) + 2,
    );
    expect(after).toMatch(/^pareto_router_added_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(after).toMatch(/^pareto_shortlist_version 1$/m);
    expect(after).toMatch(/^pareto_shortlist_age_seconds \d/m);
    // The process's own figures, read at each scrape: CPU only grows, memory and start time are the process's.
    const cpu = (text: string) => Number(/^process_cpu_seconds_total ([\d.e-]+)$/m.exec(text)?.[1]);
    expect(cpu(after)).toBeGreaterThan(cpu(before));
    expect(Number(/^process_resident_memory_bytes (\d+)$/m.exec(after)?.[1])).toBeGreaterThan(10 * 2 ** 20);
    const started = Number(/^process_start_time_seconds (\d+)$/m.exec(after)?.[1]);
    expect(Math.abs(started - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
    expect(after).toMatch(/^nodejs_heap_size_used_bytes \d+$/m);
  });
});

describe('spend', () => {
  it("counts each answer's tokens and cost by router model and model, JSON and streamed, in /metrics and the log line", async () => {
    const series = (name: string, routerModel: string, model: string) =>
      new RegExp(`^${name}\\{router_model="${routerModel}",model="${model.replace('/', '\\/')}",client="loopback"\\} ([\\d.e-]+)$`, 'm');
    const figure = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const before = await (await fetch(`${h.url}/metrics`)).text();
    h.fake.set({ cachedTokens: 6 });
    try {
      await (await h.chat(ask())).text();
      await (await h.chat(ask({ stream: true }))).text();
      await (await h.chat({ ...ask(), model: 'z/other' })).text(); // passed through
      h.fake.fault('b/beta', { kind: 'status', status: 400 }); // an error reports no usage
      expect((await h.chat(ask())).status).toBe(400);
    } finally {
      h.fake.fault('b/beta', null);
      h.fake.set({ cachedTokens: 0 });
    }
    const after = await (await fetch(`${h.url}/metrics`)).text();
    const moved = (name: string, routerModel: string, model: string) =>
      figure(after, series(name, routerModel, model)) - figure(before, series(name, routerModel, model));
    expect(moved('pareto_prompt_tokens_total', 'pareto-code', 'b/beta')).toBe(2 * FAKE_USAGE.promptTokens);
    expect(moved('pareto_cached_tokens_total', 'pareto-code', 'b/beta')).toBe(2 * 6);
    expect(moved('pareto_completion_tokens_total', 'pareto-code', 'b/beta')).toBe(2 * FAKE_USAGE.completionTokens);
    expect(moved('pareto_cost_usd_total', 'pareto-code', 'b/beta')).toBeCloseTo(2 * FAKE_USAGE.cost, 12);
    expect(moved('pareto_cost_usd_total', 'pass-through', 'z/other')).toBeCloseTo(FAKE_USAGE.cost, 12);
    const spendOf = (line: string) => / prompt_tokens=(\S+) cached_tokens=(\S+) completion_tokens=(\S+) cost=(\S+)$/.exec(line)?.slice(1);
    const last = h.log.lines.filter((l) => l.startsWith('info request ')).slice(-4);
    // The shortlist version that routed each (none for the passed-through one), for an audit to replay it.
    expect(last.map((l) => / version=(\S+) /.exec(l)?.[1])).toEqual(['1', '1', '-', '1']);
    expect(last.map(spendOf)).toEqual([
      ['10', '6', '5', '0.000125'],
      ['10', '6', '5', '0.000125'],
      ['10', '6', '5', '0.000125'],
      ['-', '-', '-', '-'],
    ]);
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection past the 60 s of common load balancers by default, and closes it after PARETO_KEEPALIVE_TIMEOUT_MS', async () => {
    expect((await fetch(`${h.url}/healthz`)).headers.get('keep-alive')).toBe('timeout=65');
    const short = await startHarness({ env: { PARETO_KEEPALIVE_TIMEOUT_MS: '1000' } });
    try {
      const socket = net.connect(Number(new URL(short.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.write('GET /healthz HTTP/1.1\r\nHost: router\r\n\r\n');
      // The router closes the idle connection itself: the wait ends on the socket's close, not on a timer.
      await once(socket, 'close');
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text).toContain('Keep-Alive: timeout=1\r\n');
    } finally {
      await short.close();
    }
  });
});

describe('hot reload and streams in flight', () => {
  it('a shortlist swapped mid-stream does not disturb that stream; the next request uses the new one', async () => {
    h.fake.set({ chunks: 5, chunkDelayMs: 20 });
    const res = await h.chat(ask({ stream: true }));
    const reader = res.body!.getReader();
    await reader.read();
    // v2 has b/beta unavailable: the high tier's primary becomes c/gamma.
    h.shortlist = artifact(
      baseContent(
        patched(
          { 'b/beta@default': (e) => ({ ...e, available: false, availability: { ...e.availability, okEndpoints: 0 } }) },
          baseEntries(),
        ),
      ),
      { version: 2 },
    );
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    expect(res.headers.get('x-pareto-version')).toBe('1');
    expect(text).toContain('data: [DONE]');
    expect(text).not.toContain('c/gamma');
    const next = await h.chat(ask());
    expect(next.headers.get('x-pareto-version')).toBe('2');
    expect(next.headers.get('x-pareto-model')).toBe('c/gamma');
  });
});

describe('backpressure', () => {
  /** A 64 MB stream the client has read one chunk of, once the fake is blocked on a full socket. */
  async function heldStream() {
    h.fake.set({ chunks: 64_000, chunkBytes: 1000 });
    const arrived = h.fake.nextCall();
    const res = await h.chat(ask({ stream: true }));
    const call = await arrived;
    const reader = res.body!.getReader();
    await reader.read();
    await call.blocked;
    return { call, reader };
  }

  it('a slow reader slows the upstream read: the fake blocks with most of a 64 MB stream unsent (kernel socket buffers hold a few MB), then all of it arrives', async () => {
    const { call, reader } = await heldStream();
    expect(call.bytesWritten).toBeLessThan(32_000_000);
    // Give the router's event loop many turns (round trips, not sleeps): with backpressure it
    // reads nothing more while the client reads nothing, so the fake stays where it was.
    // Kernel socket buffers on both sides still fill up (autotuned to several MB), so the bound
    // is half the stream, not a few chunks; without backpressure all 64 MB would be read.
    for (let i = 0; i < 50; i++) await (await fetch(`${h.url}/healthz`)).text();
    expect(call.bytesWritten).toBeLessThan(32_000_000);
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(call.bytesWritten).toBeGreaterThan(64_000_000);
  });

  it('a client that goes away while the upstream is held back aborts it: the fake, blocked mid-stream, sees its connection close', async () => {
    const { call, reader } = await heldStream();
    await reader.cancel();
    await call.closed;
    expect(call.closedEarly).toBe(true);
    expect(call.bytesWritten).toBeLessThan(64_000_000);
  });
});

describe('GET / (the report)', () => {
  it('serves the report of the shortlist in use, rendered once per version; a failing renderer is a 500 and the API keeps working', async () => {
    const rendered: number[] = [];
    const r = await startHarness({
      report: (s) => {
        rendered.push(s.version);
        if (s.version === 3) throw new Error('history unreadable');
        return `<!doctype html><title>v${s.version}</title>`;
      },
    });
    try {
      const first = await fetch(`${r.url}/`);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(first.headers.get('x-pareto-version')).toBe('1');
      expect(await first.text()).toBe('<!doctype html><title>v1</title>');
      await (await fetch(`${r.url}/`)).text();
      expect(rendered).toEqual([1]);
      r.shortlist = artifact(undefined, { version: 2 });
      expect(await (await fetch(`${r.url}/`)).text()).toBe('<!doctype html><title>v2</title>');
      r.shortlist = artifact(undefined, { version: 3 });
      const broken = await fetch(`${r.url}/`);
      expect(broken.status).toBe(500);
      expect(((await broken.json()) as any).error.code).toBe('report_error');
      expect((await r.chat(ask())).status).toBe(200);
    } finally {
      await r.close();
    }
  });

  it('a router without a report answers 404 at / in the OpenAI error shape', async () => {
    const res = await fetch(`${h.url}/`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('not_found');
  });
});
