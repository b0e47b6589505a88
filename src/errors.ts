/**
 * One error class for everything the tool reports to a user. `code` says what kind of
 * failure it is (so callers can branch without string matching) and `hint` says how to fix it.
 */
export type ErrorCode =
  | 'usage' // bad flags or arguments
  | 'config' // bad environment or configuration file
  | 'network' // host unreachable, DNS, connection refused
  | 'timeout' // request took too long
  | 'http' // any other non-2xx answer
  | 'auth' // 401: key missing or invalid
  | 'forbidden' // 403: key lacks the tier
  | 'not_found' // 404
  | 'gone' // 410: endpoint retired
  | 'rate_limited' // 429 that we may not wait out
  | 'budget' // our own daily request budget is spent
  | 'schema' // payload is not what the API documents (drift, truncation, garbage)
  | 'empty' // a list that must not be empty was empty
  | 'layout' // an HTML page no longer has the structure we parse
  | 'replay' // a recorded run is missing a response or is malformed
  | 'database' // the database could not be opened or migrated
  | 'disk_full' // ENOSPC or EDQUOT while writing a file: nothing was replaced
  | 'io' // a written file did not read back as written
  | 'conflict' // another process did the same thing first (e.g. published this version)
  | 'interrupted'; // the run was stopped by a signal

export class ParetoError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly status: number | undefined;
  /** The source (sync source id) the failure belongs to, when it belongs to one. */
  readonly source: string | undefined;
  /** The message without the source's name. */
  readonly detail: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; status?: number; cause?: unknown; source?: string } = {}) {
    // The one place a source's name is put in front of a message: nobody else prefixes it.
    super(options.source ? `${options.source}: ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParetoError';
    this.code = code;
    this.hint = options.hint;
    this.status = options.status;
    this.source = options.source;
    this.detail = message;
  }

  /** Message plus hint, the way the CLI prints it. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

export function isParetoError(error: unknown, code?: ErrorCode): error is ParetoError {
  return error instanceof ParetoError && (code === undefined || error.code === code);
}

/** Turns anything thrown into a one-line message without a stack trace. */
export function messageOf(error: unknown): string {
  if (error instanceof ParetoError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
