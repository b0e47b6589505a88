import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MODEL_NAMES, isResolveError, type ChainEntry, type Resolution, type Resolver, type StickinessStore } from '../resolver/index.js';
import { sessionFrom } from '../resolver/session.js';
import { runAttempts, type Attempt, type AttemptsInput, type AttemptsResult } from './attempts.js';
import type { Cancellation } from './cancellation.js';
import type { Credential } from './credentials.js';
import type { conversationKey } from './conversation-key.js';
import type { MemberSpan } from './json-members.js';
import { routerError, type RouterError } from './openai-error.js';
import { prepareBody, type PreparedBody } from './rewrite.js';
import type { RouterMetrics } from './metrics.js';
import type { Upstream } from './upstream.js';

/**
 * POST /v1/chat/completions for a parsed body: a router model is resolved and rewritten per
 * attempt; any other model passes through unchanged (one attempt, the raw bytes) unless
 * pass-through is off. Stickiness: a session id pins on the first success; without one, a
 * conversation is pinned under its conversation key once a response shows prompt-cache use.
 */
export interface ChatDeps {
  readonly upstream: Upstream;
  readonly metrics: RouterMetrics;
  readonly passthrough: boolean;
  readonly conversationKeyOf: typeof conversationKey;
  readonly now: () => number;
  /** Monotonic ms, for durations. */
  readonly clock: () => number;
}

export interface ChatRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly raw: Buffer;
  /** The top-level members' byte spans in `raw`: the rewrite copies them. */
  readonly members: readonly MemberSpan[];
  readonly body: Record<string, unknown>;
  readonly credential: Credential;
  readonly resolver: Resolver<StickinessStore['mode']> | null;
  readonly signal: Cancellation;
  /** When the request arrived, on `clock`. */
  readonly received: number;
  /** The id of the request's log line, sent back as `x-request-id`. */
  readonly requestId: string;
}

export interface ChatSummary {
  /** The router model asked for; null for any other model, and for a request refused before its model was read. */
  readonly routerModel: string | null;
  readonly tier: string | null;
  /** The shortlist version that routed it; null for a request no shortlist routed. */
  readonly version: number | null;
  /** The model that answered, or the other model asked for (passed through or refused); null when none was. */
  readonly model: string | null;
  /** The effort sent: the entry's, 'default', or 'client' when the client's reasoning stood. */
  readonly effort: string | null;
  /** Who asked (credentials.ts): a router key's name, `loopback` or `pass-through`; null before the key was checked. */
  readonly client: string | null;
  readonly sticky: boolean;
  readonly result: AttemptsResult | null;
  readonly error: RouterError | null;
}

const RESOLVE_CODES = {
  400: 'invalid_request',
  404: 'no_model_under_max_price',
  500: 'router_configuration',
  503: 'no_available_model',
} as const;
const ROUTER_MODELS: ReadonlySet<string> = new Set(MODEL_NAMES);
/** Client headers OpenRouter uses; the rest (cookies, the client's authorization) stay here. */
const FORWARDED = ['accept', 'http-referer', 'x-title', 'x-openrouter-title', 'x-openrouter-metadata', 'x-session-id', 'user-agent'];

export async function handleChat(deps: ChatDeps, chat: ChatRequest): Promise<ChatSummary> {
  const { body } = chat;
  const { client } = chat.credential;
  const model = body.model;
  const headers = upstreamHeaders(chat.req, chat.credential.upstreamKey);
  if (typeof model !== 'string' || !ROUTER_MODELS.has(model)) {
    if (!deps.passthrough || typeof model !== 'string') {
      const why =
        typeof model !== 'string'
          ? 'the request needs a "model" string'
          : `model "${model.slice(0, 80)}" is not a router model and pass-through is off (PARETO_PASSTHROUGH=off)`;
      const error = routerError(400, 'model_not_supported', `${why}; use one of ${MODEL_NAMES.join(', ')}`, 'model');
      return failed(client, null, error, typeof model === 'string' ? model : null);
    }
    deps.metrics.routerAdded((deps.clock() - chat.received) / 1000);
    return passThrough(deps, answerIo(chat), headers, model, client, { raw: chat.raw }); // not awaited: see serveChain
  }
  // One name per router model in the log and the metrics, however the client spelled it.
  const routerModel = model.startsWith('openrouter/') ? model.slice('openrouter/'.length) : model;
  if (chat.resolver === null)
    return failed(
      client,
      routerModel,
      routerError(503, 'no_shortlist', 'the router has no verified shortlist loaded yet; retry shortly', null, { 'retry-after': '5' }),
    );

  let session: string | null;
  let resolution: Resolution;
  let conversation: string | null = null;
  try {
    session = sessionFrom(body.session_id, chat.req.headers);
    // Pins are per client: another client's session id or conversation never steers this one.
    const stickyKey = session === null ? null : `s:${hash('sha256', `${chat.credential.id}\n${session}`)}`;
    if (stickyKey === null) {
      const key = deps.conversationKeyOf({ credential: chat.credential.id, routerModel, messages: body.messages });
      conversation = key === null ? null : `c:${key}`;
    }
    session = stickyKey;
    // One literal (an undefined session_id is no session): a spread would cost V8's slow path.
    const route = { model, plugins: body.plugins as unknown[] | undefined, session_id: session ?? conversation ?? undefined };
    const resolving = chat.resolver.resolve(route);
    // The in-memory store answers at once, and an await of a plain value still costs a turn of the microtask queue.
    resolution = resolving instanceof Promise ? await resolving : resolving;
  } catch (error) {
    if (!isResolveError(error)) throw error;
    return failed(client, routerModel, routerError(error.status, RESOLVE_CODES[error.status], error.message, error.field));
  }
  if (resolution.sticky) deps.metrics.stickyHit();
  const prepared = prepareBody(body, chat.members, chat.raw);
  const chain = [resolution.primary, ...resolution.fallbacks].slice(0, 3);
  // A sticky primary asks first for the provider that served the session, by its endpoint tags
  // (OpenRouter names the provider for display; provider.order takes the tags).
  const pinnedOrder =
    resolution.sticky && resolution.provider !== null ? (resolution.primary.providers?.[resolution.provider] ?? null) : null;
  deps.metrics.routerAdded((deps.clock() - chat.received) / 1000);
  // Not awaited: this function's frame, which holds the client's body and what it parsed to,
  // ends here; the chain keeps only the rewrite, and drops it at the commit point.
  return serveChain(deps, answerIo(chat), headers, {
    routerModel,
    client,
    resolver: chat.resolver,
    resolution,
    chain,
    pinnedOrder,
    prepared,
    clientReasoning: prepared.clientReasoning,
    pinKeys: { session, conversation },
  });
}

/** What answering needs of the request: never its body, which may be collected once sent. */
interface AnswerIo {
  readonly res: ServerResponse;
  readonly signal: Cancellation;
  readonly requestId: string;
}

const answerIo = (chat: ChatRequest): AnswerIo => ({ res: chat.res, signal: chat.signal, requestId: chat.requestId });

/** Any other model, forwarded as it came; its bytes are let go once the answer is committed. */
async function passThrough(
  deps: ChatDeps,
  io: AnswerIo,
  headers: Record<string, string>,
  model: string,
  client: string,
  held: { raw: Buffer | null },
): Promise<ChatSummary> {
  const attempt: Attempt = { model, effort: null, body: () => held.raw! };
  const result = await runAttempts(
    attemptsInput(
      deps,
      io,
      headers,
      [attempt],
      () => ({ 'x-request-id': io.requestId }),
      () => void (held.raw = null),
    ),
  );
  return { routerModel: null, tier: null, version: null, model, effort: null, client, sticky: false, result, error: null };
}

interface ChainPlan {
  readonly routerModel: string;
  readonly client: string;
  readonly resolver: Resolver<StickinessStore['mode']>;
  readonly resolution: Resolution;
  readonly chain: readonly ChainEntry[];
  readonly pinnedOrder: readonly string[] | null;
  /** The rewrite; null once an answer is committed and no attempt can follow. */
  prepared: PreparedBody | null;
  readonly clientReasoning: boolean;
  readonly pinKeys: { readonly session: string | null; readonly conversation: string | null };
}

/**
 * The attempts of a router-model request. It gets the rewrite, never the client's body or what
 * it parsed to, and lets go of the rewrite (the last reference to the body's bytes) at the
 * commit point: a stream of an agent's 400 KB turn can run for minutes, and nothing after the
 * commit needs the body.
 */
async function serveChain(deps: ChatDeps, io: AnswerIo, headers: Record<string, string>, plan: ChainPlan): Promise<ChatSummary> {
  const { chain, resolution, clientReasoning } = plan;
  const { requestId } = io;
  const attempts: Attempt[] = chain.map((e, i) => ({
    model: e.model,
    effort: e.effort,
    body: () => plan.prepared!.forEntry(e.model, e.effort, i === 0 ? plan.pinnedOrder : null),
  }));
  const tier = resolution.tier ?? 'max_price';
  const answerHeaders = (n: number) => {
    const entry = chain[n - 1]!;
    return {
      'x-pareto-model': entry.model,
      'x-pareto-effort': clientReasoning ? 'client' : (entry.effort ?? 'default'),
      'x-pareto-tier': entry.tier,
      'x-pareto-version': String(resolution.version),
      'x-pareto-attempt': String(n),
      'x-pareto-sticky': String(resolution.sticky && n === 1),
      'x-request-id': requestId,
    };
  };
  const result = await runAttempts(attemptsInput(deps, io, headers, attempts, answerHeaders, () => void (plan.prepared = null)));
  const served = result.answered === null ? null : chain[result.answered - 1]!;
  if (result.success && served !== null) {
    const { session, conversation } = plan.pinKeys;
    const pinKey = session ?? (conversation !== null && (result.usage?.cachedTokens ?? 0) > 0 ? conversation : null);
    if (pinKey !== null) await pin(plan.resolver, pinKey, { model: served.model, effort: served.effort, provider: result.provider });
  }
  const effort = served === null ? null : clientReasoning ? 'client' : (served.effort ?? 'default');
  return {
    routerModel: plan.routerModel,
    tier: served?.tier ?? tier,
    version: resolution.version,
    model: served?.model ?? null,
    effort,
    client: plan.client,
    sticky: resolution.sticky,
    result,
    error: null,
  };
}

/** A pin that cannot be stored makes the next request unsticky, never this one fail. */
async function pin(
  resolver: Resolver<StickinessStore['mode']>,
  key: string,
  served: { model: string; effort: string | null; provider: string | null },
): Promise<void> {
  try {
    await resolver.reportSuccess(key, served);
  } catch {
    // The store reports its own health (/readyz, /metrics).
  }
}

function attemptsInput(
  deps: ChatDeps,
  io: AnswerIo,
  headers: Record<string, string>,
  attempts: Attempt[],
  answerHeaders: (n: number) => Record<string, string>,
  onCommit: () => void,
): AttemptsInput {
  // One literal: members added after a spread cost V8 its slow path on every request (attempts.ts).
  return {
    upstream: deps.upstream,
    res: io.res,
    upstreamHeaders: headers,
    attempts,
    signal: io.signal,
    answerHeaders,
    onFallback: (reason: string) => deps.metrics.fallback(reason),
    onFirstByte: (s: number) => deps.metrics.upstreamFirstByte(s),
    now: deps.now,
    clock: deps.clock,
    onCommit,
  };
}

function upstreamHeaders(req: IncomingMessage, key: string): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function failed(client: string, routerModel: string | null, error: RouterError, model: string | null = null): ChatSummary {
  return { routerModel, tier: null, version: null, model, effort: null, client, sticky: false, result: null, error };
}
