import { ResolveError, describeValue } from './error.js';

/**
 * The session key of a request (SPEC §6): `session_id` in the body wins over the `x-session-id`
 * header. Either must be a string of 1 to 256 characters; anything else is an error naming the
 * field it came from, not a request silently routed without stickiness.
 */
export const MAX_SESSION_LENGTH = 256;
export const SESSION_HEADER = 'x-session-id';

export function sessionFrom(bodyValue: unknown, headers: unknown): string | null {
  if (bodyValue !== undefined) return validSessionKey(bodyValue, 'session_id');
  const fromHeader = headerValue(headers);
  return fromHeader === undefined ? null : validSessionKey(fromHeader, SESSION_HEADER);
}

export function validSessionKey(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_SESSION_LENGTH) return value;
  const got = typeof value === 'string' ? `a string of ${value.length} characters` : describeValue(value);
  throw new ResolveError(400, field, `${field} must be a string of 1 to ${MAX_SESSION_LENGTH} characters; got ${got}`);
}

/** Header names are case-insensitive; Node lowercases them, other callers may not. */
function headerValue(headers: unknown): unknown {
  if (headers === undefined) return undefined;
  if (typeof headers !== 'object' || headers === null) {
    throw new ResolveError(400, 'headers', `headers must be an object of header names to values; got ${describeValue(headers)}`);
  }
  const record = headers as Record<string, unknown>;
  const direct = record[SESSION_HEADER];
  if (direct !== undefined) return direct;
  for (const name of Object.keys(record)) {
    if (name.length === SESSION_HEADER.length && name.toLowerCase() === SESSION_HEADER) return record[name];
  }
  return undefined;
}
