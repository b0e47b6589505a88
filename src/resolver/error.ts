import { ParetoError, type ErrorCode } from '../errors.js';

/**
 * The resolver's one error class. `status` is what an OpenAI-compatible router answers with:
 * 400 a request field is invalid, 404 nothing fits under max_price, 503 the shortlist has no
 * available entry at all, 500 the router's own configuration is invalid (caught at creation,
 * never per request). `field` names the request field at fault so a client can fix it without
 * parsing the message; null when no single field is to blame.
 */
export type ResolveStatus = 400 | 404 | 500 | 503;

const CODES: Readonly<Record<ResolveStatus, ErrorCode>> = { 400: 'usage', 404: 'not_found', 500: 'config', 503: 'empty' };

export class ResolveError extends ParetoError {
  readonly field: string | null;
  override readonly status: ResolveStatus;

  constructor(status: ResolveStatus, field: string | null, message: string, hint?: string) {
    super(CODES[status], message, hint === undefined ? { status } : { status, hint });
    this.name = 'ResolveError';
    this.field = field;
    this.status = status;
  }
}

export function isResolveError(error: unknown): error is ResolveError {
  return error instanceof ResolveError;
}

/** A short, safe rendering of a rejected value for an error message (never the whole payload). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    return `${shown} (a string)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${String(value)} (a ${typeof value})`;
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
