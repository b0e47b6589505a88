import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Shortlist } from '../artifact/schema.js';
import { createMemoryStickinessStore, createResolver, type Resolver, type StickinessStore } from '../resolver/index.js';
import type { Logger } from '../util/log.js';
import { Cancellation } from './cancellation.js';
import { handleChat, type ChatSummary } from './chat.js';
import { conversationKey } from './conversation-key.js';
import { browserRefusal, credentialChecker, isLoopbackAddress, metricsAccess } from './credentials.js';
import { modelsDocuments, shortlistDocument, type ModelsDocuments, type ShortlistDocument } from './info-routes.js';
import { createRouterMetrics, renderFamilies, type MetricFamily, type RouterMetrics } from './metrics.js';
import { createProcessStats } from './process-stats.js';
import { routerError, type RouterError } from './openai-error.js';
import { parseJsonObject, readBody } from './request-body.js';
import type { RouterSettings } from './settings.js';
import { createUpstream, type Upstream } from './upstream.js';
import { writeHead } from './write-head.js';

/**
 * The router as a plain function of its parts (SPEC §10): settings, a shortlist source (the
 * watcher, or anything with `current()`), a sticky store and a logger in; a request handler and
 * an http.Server out. No CLI, no environment: tests build it with a fake upstream and a port 0.
 */
export interface StoreHealth {
  readonly ok: boolean;
  readonly error: string | null;
  readonly errors: number;
  readonly outages: number;
}

export interface RouterAppOptions {
  readonly settings: RouterSettings;
  readonly openRouterBaseUrl: string;
  /** OPENROUTER_API_KEY: used for router-key clients and loopback clients only. */
  readonly serverKey: string | undefined;
  readonly shortlist: { current(): Shortlist | undefined };
  /** Default: the in-memory store with the configured TTL. */
  readonly store?: StickinessStore;
  /** The store's health, for /readyz and /metrics (a shared store can be down). */
  readonly storeHealth?: () => StoreHealth;
  readonly log: Logger;
  /** The address the server listens on: the server key serves unauthenticated clients only on loopback. */
  readonly host: string;
  readonly conversationKeyOf?: typeof conversationKey;
  /** The HTML report of a shortlist, served at `/` (rendered once per version, when first asked for). */
  readonly report?: (shortlist: Shortlist) => string;
  /** Wall-clock ms (timestamps, the shortlist's age). */
  readonly now?: () => number;
  /** Monotonic ms with sub-millisecond resolution, for durations: Date.now would round the router's own 0.1 ms to 0 or 1. */
  readonly clock?: () => number;
  /**
   * In a router of several worker processes (cluster.ts), the families of all of them, this one's
   * included: `/metrics` then shows the whole router whichever worker the scrape reached.
   */
  readonly clusterMetrics?: () => Promise<readonly MetricFamily[]>;
}

export interface RouterApp {
  readonly server: http.Server;
  readonly metrics: RouterMetrics;
  /** This process's metric families with the gauges read now (what a cluster worker reports). */
  collectMetrics(): MetricFamily[];
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port: number): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish up to `graceMs`, then drops the rest. */
  shutdown(graceMs: number): Promise<{ dropped: number }>;
  readonly inFlight: number;
}

export function createRouterApp(options: RouterAppOptions): RouterApp {
  const { settings, log } = options;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => performance.now());
  const store = options.store ?? createMemoryStickinessStore({ ttlMs: settings.stickyTtlMs });
  const metrics = createRouterMetrics();
  const processStats = createProcessStats();
  const upstream: Upstream = createUpstream({
    baseUrl: options.openRouterBaseUrl,
    connectTimeoutMs: settings.connectTimeoutMs,
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    idleTimeoutMs: settings.idleTimeoutMs,
    maxAnswerBytes: settings.maxAnswerBytes,
  });
  const checkCredential = credentialChecker({
    routerKeys: settings.routerKeys,
    serverKey: options.serverKey,
    loopbackOnly: isLoopbackAddress(options.host),
  });
  const configured =
    settings.defaultMinCodingScore === undefined && !settings.preventOverrides
      ? undefined
      : {
          ...(settings.defaultMinCodingScore === undefined ? {} : { min_coding_score: settings.defaultMinCodingScore }),
          prevent_overrides: settings.preventOverrides,
        };
  // One resolver and one set of documents per shortlist version; a request keeps the ones it started with.
  const perVersion = new WeakMap<
    Shortlist,
    { resolver: Resolver<StickinessStore['mode']>; doc: ShortlistDocument; models: ModelsDocuments }
  >();
  const forShortlist = (s: Shortlist) => {
    let entry = perVersion.get(s);
    if (entry === undefined) {
      entry = {
        resolver: createResolver(s, { store, ...(configured ? { default: configured } : {}) }),
        doc: shortlistDocument(s),
        models: modelsDocuments(s),
      };
      perVersion.set(s, entry);
    }
    return entry;
  };
  const deps = {
    upstream,
    metrics,
    passthrough: settings.passthrough,
    conversationKeyOf: options.conversationKeyOf ?? conversationKey,
    now,
    clock,
  };
  // Chat answers in progress: at shutdown, those that have not started get Connection: close.
  const answering = new Set<ServerResponse>();
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  let closing = false;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    // After SIGTERM a keep-alive connection may still carry a new request: it is refused, and
    // every answer closes its connection so clients reconnect to another instance.
    if (closing) res.setHeader('connection', 'close');
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/api/v1/chat/completions')) {
      if (closing)
        return sendError(
          res,
          routerError(503, 'shutting_down', 'the router is shutting down; retry on another instance', null, { 'retry-after': '1' }),
        );
      inFlight++;
      answering.add(res);
      const cancellation = new Cancellation();
      // The response's close, not the request's (which closes once its body is read): a client
      // gone before the end of its answer aborts the upstream call at once.
      res.once('close', () => {
        answering.delete(res);
        if (!res.writableFinished) cancellation.cancel();
        if (--inFlight === 0) onIdle?.();
      });
      const id = clientRequestId(req.headers['x-request-id']) ?? randomUUID();
      void chat(req, res, id, cancellation).catch((error: unknown) => {
        log.warn(`request id=${id} failed inside the router: ${(error as Error).message}`);
        if (!res.headersSent)
          sendError(res, routerError(500, 'router_error', 'the router failed on this request; see its log'), { 'x-request-id': id });
        else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, routerError(405, 'method_not_allowed', `${req.method} ${path} is not supported`));
    const current = options.shortlist.current();
    switch (path) {
      case '/':
        return sendReport(res, current);
      case '/healthz':
        return sendJson(res, 200, '{"ok":true}');
      case '/readyz':
        return readyz(res, current);
      case '/metrics': {
        const refused = metricsAccess(req.headers.authorization, settings.metricsKey);
        if (refused !== null) return sendError(res, refused);
        if (!options.clusterMetrics) return sendText(res, renderFamilies(collectMetrics()));
        return void options.clusterMetrics().then(
          (families) => sendText(res, renderFamilies(families)),
          (error: unknown) =>
            sendError(
              res,
              routerError(503, 'metrics_unavailable', `the workers' metrics could not be gathered: ${(error as Error).message}`),
            ),
        );
      }
      case '/v1/models':
      case '/api/v1/models':
        return current ? sendJson(res, 200, forShortlist(current).models.list) : sendError(res, noShortlist());
      case '/v1/shortlist': {
        if (!current) return sendError(res, noShortlist());
        const { doc } = forShortlist(current);
        if (req.headers['if-none-match'] === doc.etag) {
          res.writeHead(304, { etag: doc.etag });
          return void res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json', etag: doc.etag, 'content-length': String(Buffer.byteLength(doc.text)) });
        return void res.end(doc.text);
      }
    }
    const modelId = path.startsWith('/v1/models/') ? path.slice(11) : path.startsWith('/api/v1/models/') ? path.slice(15) : null;
    if (modelId !== null) return sendModel(res, current, modelId);
    sendError(
      res,
      routerError(
        404,
        'not_found',
        `no route ${path}; the router serves POST /v1/chat/completions, GET / (the report), /v1/models, /v1/models/{id}, /v1/shortlist, /healthz, /readyz, /metrics`,
      ),
    );
  }

  /** One router model, as the openai SDK's `models.retrieve` asks (its id percent-encoded). */
  function sendModel(res: ServerResponse, current: Shortlist | undefined, encoded: string): void {
    let id: string;
    try {
      id = decodeURIComponent(encoded);
    } catch {
      id = encoded;
    }
    if (!current) return sendError(res, noShortlist());
    const text = forShortlist(current).models.byId.get(id);
    if (text !== undefined) return sendJson(res, 200, text);
    sendError(
      res,
      routerError(
        404,
        'model_not_found',
        `the router's models are pareto-code and pareto-code:nitro, with or without openrouter/ (GET /v1/models); "${id.slice(0, 80)}" is none of them. Other models pass through to OpenRouter for chat completions: its own list is at https://openrouter.ai/api/v1/models`,
        'model',
      ),
    );
  }

  const reports = new WeakMap<Shortlist, string>();
  function sendReport(res: ServerResponse, current: Shortlist | undefined): void {
    if (!options.report) return sendError(res, routerError(404, 'not_found', 'this router serves no report; the API is under /v1'));
    if (!current) return sendError(res, noShortlist());
    let html = reports.get(current);
    if (html === undefined) {
      try {
        html = options.report(current);
      } catch (error) {
        log.warn(`the report of shortlist v${current.version} could not be rendered: ${(error as Error).message}`);
        return sendError(
          res,
          routerError(500, 'report_error', `the report of shortlist v${current.version} could not be rendered; see the router's log`),
        );
      }
      reports.set(current, html);
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(html)),
      'x-pareto-version': String(current.version),
    });
    res.end(html);
  }

  function readyz(res: ServerResponse, current: Shortlist | undefined): void {
    const health = options.storeHealth?.() ?? null;
    const problems = [
      ...(current ? [] : ['no verified shortlist is loaded']),
      ...(health && !health.ok
        ? [`the sticky store is unreachable (${health.error ?? 'unknown error'}); requests are served without stickiness`]
        : []),
    ];
    const body = JSON.stringify({
      ready: problems.length === 0,
      shortlistVersion: current?.version ?? null,
      store: health === null ? 'memory' : health.ok ? 'ok' : 'down',
      problems,
    });
    sendJson(res, problems.length === 0 ? 200 : 503, body);
  }

  async function chat(req: IncomingMessage, res: ServerResponse, id: string, cancellation: Cancellation): Promise<void> {
    const received = clock();
    const summary = await chatSummary(req, res, cancellation, received, id);
    const r = summary.result;
    const status = summary.error?.status ?? r?.status ?? 0;
    if (summary.error) sendError(res, summary.error, { 'x-request-id': id });
    // Another model asked for is 'pass-through' (served or refused); a request refused before its
    // model was read (its key, size or JSON) names none, so it never counts as pass-through traffic.
    const routerModel = summary.routerModel ?? (summary.model === null ? null : 'pass-through');
    metrics.request({
      router_model: routerModel ?? 'none',
      tier: summary.tier ?? 'none',
      status: String(status),
      attempt: String(r?.answered ?? r?.attempts ?? 0),
    });
    const usage = r?.usage ?? null;
    if (usage !== null && routerModel !== null && summary.model !== null && summary.client !== null)
      metrics.usage({ router_model: routerModel, model: summary.model, client: summary.client }, usage);
    const ms = clock() - received;
    if (r !== null) metrics.upstreamTotal(ms / 1000);
    log.info(
      `request id=${id} router_model=${routerModel ?? '-'} tier=${summary.tier ?? '-'} version=${summary.version ?? '-'} model=${logSafe(summary.model)} effort=${summary.effort ?? '-'} attempts=${r?.attempts ?? 0} status=${status} outcome=${r?.outcome ?? 'router_error'} client=${summary.client ?? '-'} sticky=${summary.sticky} fallbacks=${r?.fallbacks.join(',') || '-'} ms=${ms.toFixed(2)} prompt_tokens=${usage?.promptTokens ?? '-'} cached_tokens=${usage?.cachedTokens ?? '-'} completion_tokens=${usage?.completionTokens ?? '-'} cost=${usage?.cost ?? '-'}`,
    );
  }

  async function chatSummary(
    req: IncomingMessage,
    res: ServerResponse,
    signal: Cancellation,
    received: number,
    requestId: string,
  ): Promise<ChatSummary> {
    const fail = (error: RouterError): ChatSummary => ({
      routerModel: null,
      tier: null,
      version: null,
      model: null,
      effort: null,
      client: null,
      sticky: false,
      result: null,
      error,
    });
    if (inFlight > settings.maxConcurrent)
      return fail(
        routerError(
          503,
          'overloaded',
          `the router is serving its maximum of ${settings.maxConcurrent} requests (PARETO_MAX_CONCURRENT); retry shortly`,
          null,
          { 'retry-after': '1' },
        ),
      );
    const credential = checkCredential(req.headers.authorization, isLoopbackAddress(req.socket.remoteAddress));
    if ('status' in credential) return fail(credential);
    if (credential.kind === 'server-key-loopback') {
      const refused = browserRefusal(req.headers.origin, req.headers.host);
      if (refused !== null) return fail(refused);
    }
    const raw = await readBody(req, settings.maxBodyBytes);
    if (!Buffer.isBuffer(raw)) return fail(raw);
    const body = parseJsonObject(raw);
    if (!body.ok) return fail(body.error);
    const current = options.shortlist.current();
    const resolver = current ? forShortlist(current).resolver : null;
    return handleChat(deps, { req, res, raw, members: body.members, body: body.value, credential, resolver, signal, received, requestId });
  }

  function collectMetrics(): MetricFamily[] {
    const current = options.shortlist.current();
    return metrics.collect({
      shortlistVersion: current?.version ?? null,
      shortlistAgeSeconds: current ? Math.max(0, (now() - Date.parse(current.createdAt)) / 1000) : null,
      inFlight,
      store: options.storeHealth?.() ?? null,
      process: processStats.read(),
    });
  }

  const server = http.createServer(handle);
  server.once('close', () => processStats.stop());
  // Streams can run for minutes; the server's own request timeout is for receiving requests.
  server.requestTimeout = 0;
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  // Above the keep-alive timeout (the usual advice for Node behind a load balancer), so the
  // headers deadline never cuts a connection the keep-alive still allows.
  server.headersTimeout = Math.max(60_000, settings.keepAliveTimeoutMs + 1_000);
  return {
    server,
    metrics,
    collectMetrics,
    handle,
    get inFlight() {
      return inFlight;
    },
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => resolve(server.address() as AddressInfo));
      }),
    async shutdown(graceMs) {
      closing = true;
      // Node closes each connection once its answer is done; saying so in the answer keeps a
      // client from sending its next request on a connection about to close.
      for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const dropped = inFlight;
      server.closeAllConnections();
      await upstream.close().catch(() => undefined);
      return { dropped };
    },
  };
}

/**
 * A client's own `x-request-id` (its agent's trace or request id) names the router's log line
 * too, so the two logs join on it. Only a short token of plain characters: anything else could
 * forge fields of the line, and the router makes its own id instead.
 */
function clientRequestId(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : null;
}
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** A pass-through model name is the client's text: one short token in the log line, nothing more. */
function logSafe(value: string | null): string {
  if (value === null) return '-';
  return value.length > 100 || /[^\w./:@-]/.test(value) ? JSON.stringify(value.slice(0, 100)) : value;
}

function noShortlist(): RouterError {
  return routerError(503, 'no_shortlist', 'the router has no verified shortlist loaded yet; retry shortly', null, { 'retry-after': '5' });
}

function sendError(res: ServerResponse, error: RouterError, extra: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  sendJson(res, error.status, JSON.stringify(error.body), error.headers ?? {}, extra);
}

function sendJson(res: ServerResponse, status: number, text: string, ...headers: ReadonlyArray<Readonly<Record<string, string>>>): void {
  writeHead(res, status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }, ...headers);
  res.end(text);
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
