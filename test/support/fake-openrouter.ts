import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenRouter for the router's tests and benchmark: POST /api/v1/chat/completions
 * answering JSON or SSE (keep-alive comments, content deltas, tool-call deltas, the usage chunk,
 * the `provider` field) with a scripted fault per model, recording every call it receives.
 */
export type Fault =
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  /** Answers normally after `ms`. */
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly message?: string }
  /** A 200 whose first data event (or JSON body) is an error object. */
  /** `escapedKey`: the JSON body spells its key `"\u0065rror"`, which still parses as `error`. */
  | { readonly kind: 'error-first'; readonly escapedKey?: boolean }
  | { readonly kind: 'error-mid' }
  /** A 200 that is no JSON object, for a JSON or a stream request alike: by default an HTML page (as a proxy in between might send). */
  | { readonly kind: 'not-json'; readonly body?: string; readonly contentType?: string }
  /** A 200 JSON answer without a length that never ends: a chunk every turn until the connection closes. */
  | { readonly kind: 'endless' }
  | { readonly kind: 'cut' }
  | { readonly kind: 'stall' };

export interface FakeCall {
  readonly model: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, any>;
  /** Set when the router closed the connection before this answer was complete. */
  closedEarly: boolean;
  /** Resolves when the connection of this call closed before the answer was complete. */
  readonly closed: Promise<void>;
  /** Bytes of the answer written; with `stallAfterWrite`, how far backpressure let it get. */
  bytesWritten: number;
  /** Resolves the first time the socket was full (the router stopped reading for a while). */
  readonly blocked: Promise<void>;
}

export interface FakeOpenRouterOptions {
  /** Content chunks per streamed answer. Default 3. */
  readonly chunks?: number;
  /** Bytes of content per chunk. Default a few. */
  readonly chunkBytes?: number;
  readonly cachedTokens?: number;
  readonly provider?: string;
  /** Name the provider in the first streamed chunk only (OpenRouter names it in every one). */
  readonly providerInFirstChunkOnly?: boolean;
  /** Pause between streamed events, so a test can act mid-stream. Default none. */
  readonly chunkDelayMs?: number;
  /** Keep every call in `calls` (default); a benchmark turns it off so bodies do not pile up. */
  readonly record?: boolean;
}

export interface FakeOpenRouter {
  readonly baseUrl: string;
  readonly calls: FakeCall[];
  fault(model: string, fault: Fault | null): void;
  /** Resolves when the next call arrives. */
  nextCall(): Promise<FakeCall>;
  set(options: FakeOpenRouterOptions): void;
  close(): Promise<void>;
}

export async function startFakeOpenRouter(initial: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const faults = new Map<string, Fault>();
  const calls: FakeCall[] = [];
  const waiting: Array<(call: FakeCall) => void> = [];
  let options: FakeOpenRouterOptions = initial;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      let markClosed!: () => void;
      let markBlocked!: () => void;
      const call: FakeCall & { markBlocked(): void } = {
        model: String(body.model),
        headers: req.headers,
        body,
        closedEarly: false,
        closed: new Promise((r) => (markClosed = r)),
        bytesWritten: 0,
        blocked: new Promise((r) => (markBlocked = r)),
        markBlocked: () => markBlocked(),
      };
      res.on('close', () => {
        if (!res.writableFinished) {
          call.closedEarly = true;
          markClosed();
        }
      });
      if (options.record !== false) calls.push(call);
      waiting.splice(0).forEach((w) => w(call));
      answer(call, res, faults.get(call.model) ?? null, options);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    calls,
    fault: (model, fault) => (fault === null ? faults.delete(model) : faults.set(model, fault)),
    nextCall: () => new Promise((resolve) => waiting.push(resolve)),
    set: (next) => (options = { ...options, ...next }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(call: FakeCall & { markBlocked?(): void }, res: ServerResponse, fault: Fault | null, options: FakeOpenRouterOptions): void {
  if (fault?.kind === 'reset') return void res.socket?.destroy();
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'delay') return void setTimeout(() => answer(call, res, null, options), fault.ms);
  if (fault?.kind === 'status') {
    const text = JSON.stringify({
      error: { code: fault.status, message: fault.message ?? `fake ${fault.status}`, metadata: { error_type: 'provider_unavailable' } },
    });
    res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
    return void res.end(text);
  }
  if (fault?.kind === 'not-json') {
    res.writeHead(200, { 'content-type': fault.contentType ?? 'text/html; charset=utf-8' });
    return void res.end(fault.body ?? '<html><body><h1>Bad gateway</h1></body></html>\n');
  }
  if (fault?.kind === 'endless') {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = `{"id":"gen-endless","choices":[${'{"delta":"lorem ipsum"},'.repeat(400)}`;
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', () => setImmediate(pump));
    };
    return pump();
  }
  const write = (text: string) => {
    call.bytesWritten += Buffer.byteLength(text);
    return res.write(text);
  };
  if (call.body.stream !== true) {
    const text = fault?.kind === 'error-first' ? errorBody(fault.escapedKey === true) : JSON.stringify(completion(call, options));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    // Half the body, then the connection drops.
    if (fault?.kind === 'cut') return void res.write(text.slice(0, text.length >> 1), () => res.socket?.destroy());
    call.bytesWritten = Buffer.byteLength(text);
    return void res.end(text);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  write(': OPENROUTER PROCESSING\n\n');
  if (fault?.kind === 'error-first') {
    write(`data: ${JSON.stringify(errorEvent(call))}\n\n`);
    return void res.end();
  }
  const events = streamEvents(call, options);
  const stopAt = fault?.kind === 'error-mid' || fault?.kind === 'cut' || fault?.kind === 'stall' ? 2 : events.length;
  let i = 0;
  // Writes as fast as the router reads: a full socket buffer waits for 'drain'.
  const pump = () => {
    while (i < stopAt) {
      const more = write(`data: ${events[i++]}\n\n`);
      if (!more) {
        call.markBlocked?.();
        return void res.once('drain', pump);
      }
      if (options.chunkDelayMs !== undefined && i < stopAt) return void setTimeout(pump, options.chunkDelayMs);
    }
    if (fault?.kind === 'stall') return;
    if (fault?.kind === 'error-mid') {
      write(`data: ${JSON.stringify(errorEvent(call))}\n\n`);
      return void res.end();
    }
    // Cut once the events so far are on the wire (a destroy would drop them unsent).
    if (fault?.kind === 'cut') return void res.write('', () => res.socket?.destroy());
    write('data: [DONE]\n\n');
    res.end();
  };
  pump();
}

function errorBody(escapedKey: boolean): string {
  const text = JSON.stringify({ error: { code: 502, message: 'fake error in a 200' } });
  return escapedKey ? text.replace('"error"', '"\\u0065rror"') : text;
}

function completion(call: FakeCall, options: FakeOpenRouterOptions) {
  const tools = Array.isArray(call.body.tools) && call.body.tools.length > 0;
  return {
    id: 'gen-1-fake',
    object: 'chat.completion',
    created: 1_780_000_000,
    model: call.model,
    provider: options.provider ?? 'FakeProvider',
    choices: [
      {
        index: 0,
        finish_reason: tools ? 'tool_calls' : 'stop',
        message: tools
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: call.body.tools[0].function.name, arguments: '{"path":"a.ts"}' } },
              ],
            }
          : { role: 'assistant', content: `hello from ${call.model}` },
      },
    ],
    usage: usage(options),
  };
}

/** OpenRouter's usage block (APIS example E), with the same figures on every answer. */
export const FAKE_USAGE = { promptTokens: 10, completionTokens: 5, cost: 0.000125 } as const;

function usage(options: FakeOpenRouterOptions) {
  return {
    prompt_tokens: FAKE_USAGE.promptTokens,
    completion_tokens: FAKE_USAGE.completionTokens,
    total_tokens: FAKE_USAGE.promptTokens + FAKE_USAGE.completionTokens,
    prompt_tokens_details: { cached_tokens: options.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: 2 },
    cost: FAKE_USAGE.cost,
    is_byok: false,
    cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0.000075, upstream_inference_completions_cost: 0.00005 },
  };
}

function streamEvents(call: FakeCall, options: FakeOpenRouterOptions): string[] {
  const base = {
    id: 'gen-1-fake',
    object: 'chat.completion.chunk',
    created: 1_780_000_000,
    model: call.model,
    provider: options.provider ?? 'FakeProvider',
  };
  const later = options.providerInFirstChunkOnly ? { ...base, provider: undefined } : base;
  const chunk = (delta: object, finish: string | null = null, from: object = later) =>
    JSON.stringify({ ...from, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out = [chunk({ role: 'assistant', content: '' }, null, base)];
  const tools = Array.isArray(call.body.tools) && call.body.tools.length > 0;
  if (tools) {
    const name = call.body.tools[0].function.name;
    out.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name, arguments: '' } }] }));
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }));
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"a.ts"}' } }] }));
    out.push(chunk({}, 'tool_calls'));
  } else {
    const n = options.chunks ?? 3;
    const text = 'x'.repeat(Math.max(0, (options.chunkBytes ?? 6) - 1));
    for (let i = 0; i < n; i++) out.push(chunk({ content: `${i % 10}${text}` }));
    out.push(chunk({}, 'stop'));
  }
  out.push(JSON.stringify({ ...later, choices: [], usage: usage(options) }));
  return out;
}

function errorEvent(call: FakeCall) {
  return {
    id: 'gen-1-fake',
    object: 'chat.completion.chunk',
    created: 1_780_000_000,
    model: call.model,
    provider: 'FakeProvider',
    error: { code: 502, message: 'fake in-band error', metadata: { error_type: 'provider_unavailable' } },
    choices: [{ index: 0, delta: {}, finish_reason: 'error' }],
  };
}
