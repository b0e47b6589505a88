import { ParetoError } from '../errors.js';
import type { Redactor } from '../util/redact.js';

/**
 * Redirects are followed here, not by got: got drops `authorization` on a cross-origin hop but
 * sends every other header on, `x-api-key` included. A request that carries credentials may only
 * be redirected within its own origin (scheme, host and port); anywhere else it fails, so a key
 * never reaches a host it is not for.
 */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that say nothing about who is asking; every other header a caller sets is treated as a credential. */
const NEUTRAL_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'if-none-match', 'if-modified-since', 'user-agent']);

export function carriesCredentials(headers: Readonly<Record<string, string>> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => !NEUTRAL_HEADERS.has(name.toLowerCase()));
}

/** The absolute URL a 3xx answer points to, or undefined when it is not a redirect. */
export function redirectLocation(status: number, location: string | undefined, from: string): string | undefined {
  if (!REDIRECT_STATUSES.has(status) || !location) return undefined;
  return new URL(location, from).href;
}

/** Throws when the hop from `from` to `to` is not allowed; `start` is the URL the caller asked for. */
export function checkRedirect(hop: { start: string; to: string; hops: number; credentials: boolean }, redact: Redactor): void {
  if (hop.hops > MAX_REDIRECTS) {
    throw new ParetoError('http', `GET ${redact(hop.start)} was redirected more than ${MAX_REDIRECTS} times`, {
      hint: 'the server is in a redirect loop; point the base URL at the final location',
    });
  }
  const origin = new URL(hop.start).origin;
  const target = new URL(hop.to).origin;
  if (hop.credentials && target !== origin) {
    throw new ParetoError(
      'http',
      `GET ${redact(hop.start)} was redirected to another origin (${redact(target)}); not following it, so the credentials stay with ${redact(origin)}`,
      {
        hint: 'if the service really moved, set its base URL (e.g. AA_BASE_URL, OPENROUTER_BASE_URL) to the new location',
      },
    );
  }
}
