import { hash, timingSafeEqual } from 'node:crypto';
import { routerError, type RouterError } from './openai-error.js';

/**
 * Which key calls OpenRouter for a request (SPEC §10.5), so the router is never an open relay:
 *
 * 1. Router keys configured: the client must present one; upstream gets the server's key.
 * 2. No router keys, bound to loopback, a server key set: local clients use the server key
 *    (a developer's own machine), whatever placeholder key their SDK sends.
 * 3. Otherwise the client's own bearer key goes upstream (pass-through); none is a 401.
 *
 * A router key never goes upstream. `id` identifies the client for sticky keys without holding
 * the key itself.
 */
export interface Credential {
  readonly kind: 'router-key' | 'server-key-loopback' | 'pass-through';
  readonly upstreamKey: string;
  /** SHA-256 of the presented key (or the mode): a stable client identity, never the key. */
  readonly id: string;
}

export interface CredentialPolicy {
  readonly routerKeys: readonly string[];
  readonly serverKey: string | undefined;
  /** The server listens on a loopback address only. */
  readonly loopbackOnly: boolean;
}

export function credentialChecker(
  policy: CredentialPolicy,
): (authorization: string | undefined, remoteIsLoopback: boolean) => Credential | RouterError {
  const keyDigests = policy.routerKeys.map(digest);
  return (authorization, remoteIsLoopback) => {
    const presented = bearer(authorization);
    if (keyDigests.length > 0) {
      if (presented === null)
        return unauthorized('this router needs a router key: send "Authorization: Bearer <one of PARETO_ROUTER_KEYS>"');
      const d = digest(presented);
      // Every key is compared, equal-length digests in constant time: neither the match nor its
      // position leaks through timing.
      let match = false;
      for (const k of keyDigests) match = timingSafeEqual(d, k) || match;
      if (!match) return unauthorized('the router key is not valid; use one of the keys the operator configured in PARETO_ROUTER_KEYS');
      return { kind: 'router-key', upstreamKey: policy.serverKey!, id: d.toString('hex') };
    }
    if (policy.loopbackOnly && remoteIsLoopback && policy.serverKey !== undefined) {
      return { kind: 'server-key-loopback', upstreamKey: policy.serverKey, id: 'loopback' };
    }
    if (presented === null)
      return unauthorized('send your OpenRouter key as "Authorization: Bearer <key>"; this router forwards it to OpenRouter');
    return { kind: 'pass-through', upstreamKey: presented, id: digest(presented).toString('hex') };
  };
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
