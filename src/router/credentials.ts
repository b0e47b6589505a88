import { hash, timingSafeEqual } from 'node:crypto';
import { isLoopbackName } from '../util/loopback.js';
import { routerError, type RouterError } from './openai-error.js';
import type { RouterKey } from './settings.js';

/**
 * Which key calls OpenRouter for a request (SPEC §10.5), so the router is never an open relay:
 *
 * 1. Router keys configured: the client must present one; upstream gets the server's key.
 * 2. No router keys, bound to loopback, a server key set: local clients use the server key
 *    (a developer's own machine), whatever placeholder key their SDK sends.
 * 3. Otherwise the client's own bearer key goes upstream (pass-through); none is a 401.
 *
 * A router key never goes upstream. `id` identifies the client for sticky keys without holding
 * the key itself; `client` names it in the log and the spend counters: a router key's name, or
 * the mode (`loopback`, `pass-through`), never anything derived from a key.
 */
export interface Credential {
  readonly kind: 'router-key' | 'server-key-loopback' | 'pass-through';
  readonly upstreamKey: string;
  /** SHA-256 of the presented key (or the mode): a stable client identity, never the key. */
  readonly id: string;
  readonly client: string;
}

export interface CredentialPolicy {
  readonly routerKeys: readonly RouterKey[];
  readonly serverKey: string | undefined;
  /** The server listens on a loopback address only. */
  readonly loopbackOnly: boolean;
}

export function credentialChecker(
  policy: CredentialPolicy,
): (authorization: string | undefined, remoteIsLoopback: boolean) => Credential | RouterError {
  const keyDigests = policy.routerKeys.map((k) => ({ name: k.name, digest: digest(k.key) }));
  return (authorization, remoteIsLoopback) => {
    const presented = bearer(authorization);
    if (keyDigests.length > 0) {
      if (presented === null)
        return unauthorized('this router needs a router key: send "Authorization: Bearer <one of PARETO_ROUTER_KEYS>"');
      const d = digest(presented);
      // Every key is compared, equal-length digests in constant time: neither the match nor its
      // position leaks through timing.
      let client: string | null = null;
      for (const k of keyDigests) if (timingSafeEqual(d, k.digest)) client = k.name;
      if (client === null)
        return unauthorized('the router key is not valid; use one of the keys the operator configured in PARETO_ROUTER_KEYS');
      return { kind: 'router-key', upstreamKey: policy.serverKey!, id: d.toString('hex'), client };
    }
    if (policy.loopbackOnly && remoteIsLoopback && policy.serverKey !== undefined) {
      return { kind: 'server-key-loopback', upstreamKey: policy.serverKey, id: 'loopback', client: 'loopback' };
    }
    if (presented === null)
      return unauthorized('send your OpenRouter key as "Authorization: Bearer <key>"; this router forwards it to OpenRouter');
    return { kind: 'pass-through', upstreamKey: presented, id: digest(presented).toString('hex'), client: 'pass-through' };
  };
}

/**
 * The policy in one line for the start-up log: which key calls OpenRouter for whom. A warning
 * when OPENROUTER_API_KEY is set but serves nobody (off loopback without router keys), the
 * set-up where an operator expects the server key to serve everyone and clients get 401s.
 */
export function credentialMode(policy: CredentialPolicy): { readonly warn: boolean; readonly message: string } {
  if (policy.routerKeys.length > 0)
    return {
      warn: false,
      message: `credentials: clients send one of the ${policy.routerKeys.length} router key(s) in PARETO_ROUTER_KEYS (${policy.routerKeys.map((k) => k.name).join(', ')}); OpenRouter is called with OPENROUTER_API_KEY`,
    };
  if (policy.serverKey !== undefined && policy.loopbackOnly)
    return { warn: false, message: 'credentials: clients on this machine are served with OPENROUTER_API_KEY (a loopback address)' };
  if (policy.serverKey !== undefined)
    return {
      warn: true,
      message:
        "credentials: off loopback without PARETO_ROUTER_KEYS, each client's own OpenRouter key is passed through and OPENROUTER_API_KEY serves nobody; set PARETO_ROUTER_KEYS to serve clients with it",
    };
  return { warn: false, message: "credentials: each client's own OpenRouter key is passed through (no OPENROUTER_API_KEY is set)" };
}

/**
 * GET /metrics with PARETO_METRICS_KEY set: the scraper must send it as a bearer key (Prometheus:
 * `authorization: { credentials: … }` in the scrape config). The spend counters name clients and
 * what they cost, which not everyone who can reach the router should read. Compared in
 * constant time; null when the request may read the metrics.
 */
export function metricsAccess(authorization: string | undefined, metricsKey: string | undefined): RouterError | null {
  if (metricsKey === undefined) return null;
  const presented = bearer(authorization);
  if (presented !== null && timingSafeEqual(digest(presented), digest(metricsKey))) return null;
  return unauthorized('/metrics needs the metrics key: send "Authorization: Bearer <PARETO_METRICS_KEY>"');
}

/**
 * On loopback without router keys the server key serves whoever reaches the port, and that
 * includes the pages open in the developer's browser. A page of any site can POST to
 * http://127.0.0.1:8080 (a form, or a text/plain fetch, needs no CORS) and spend the key; one
 * that rebinds its own name to 127.0.0.1 can read the answers as well (DNS rebinding, the way
 * local model servers have been attacked). Browsers name the page's origin on every POST, and a
 * rebound name shows in the Host header, so either one off this machine refuses the request.
 * SDKs, agents and curl send no Origin; a browser client is served once it holds a router key.
 * Null when the request may use the server key.
 */
export function browserRefusal(origin: string | undefined, host: string | undefined): RouterError | null {
  const fix = 'to serve browser clients, set PARETO_ROUTER_KEYS and have them send one';
  if (origin !== undefined && !isLoopbackOrigin(origin))
    return routerError(
      403,
      'browser_origin_refused',
      `a web page may not spend this router's OPENROUTER_API_KEY: on a loopback address without router keys it serves the programs on this machine, not pages from other sites; ${fix}`,
    );
  if (host !== undefined && !isLoopbackName(hostName(host)))
    return routerError(
      403,
      'host_refused',
      `the request is addressed to a name that is not a loopback one (localhost, 127.0.0.1, [::1]), as a web page that rebinds its name to this machine would send; this router serves OPENROUTER_API_KEY only to requests addressed to it by such a name; ${fix}`,
    );
  return null;
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackName(new URL(origin).hostname);
  } catch {
    return false; // "null" (a sandboxed frame, a file) and anything that is no URL
  }
}

/** The name in a Host header, without its port: `[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address === 'localhost' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function bearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

function unauthorized(message: string): RouterError {
  return routerError(401, 'unauthorized', message);
}
