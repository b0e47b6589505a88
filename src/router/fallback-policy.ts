/**
 * When an attempt fails, try the next chain entry or stop (SPEC §10.3). Pure: it sees what
 * happened to one attempt and where the router stands, and answers with plain data.
 *
 * The commit point: once a byte of the response body has gone to the client, the answer is
 * that model's, whatever happens next. Before it, a transient failure moves to the next entry;
 * after it, nothing does: an error is relayed in-band instead.
 */
export type AttemptOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'connect-error' }
  | { readonly kind: 'timeout'; readonly phase: 'connect' | 'first-byte' | 'idle' }
  /** A 200 whose first data event (stream) or body (JSON) is an error object. */
  | { readonly kind: 'error-event' }
  /**
   * A 2xx JSON answer that is no JSON object at all (an HTML page, an empty or plain-text body):
   * OpenRouter answers a provider's invalid response with a 502 (APIS §2.9), and a client's SDK
   * could do nothing with it but fail on it.
   */
  | { readonly kind: 'invalid-answer' }
  | { readonly kind: 'aborted' };

export type FallbackReason = 'connect' | 'timeout' | 'error_event' | 'invalid_answer' | `status_${number}`;

export type Decision =
  | { readonly action: 'done' }
  | { readonly action: 'next'; readonly reason: FallbackReason }
  | { readonly action: 'stop'; readonly why: 'not-transient' | 'chain-exhausted' | 'committed' | 'aborted' };

/** HTTP statuses worth another model (SPEC §6.5); 4xx other than 408/429 are the client's to fix. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 524, 529]);

export interface AttemptState {
  /** 1-based number of the attempt that just ended. */
  readonly attempt: number;
  /** Attempts the chain allows (1 to 3). */
  readonly chainLength: number;
  /** Whether any of the response body has been sent to the client. */
  readonly committed: boolean;
}

export function decide(outcome: AttemptOutcome, state: AttemptState): Decision {
  if (outcome.kind === 'ok') return { action: 'done' };
  if (outcome.kind === 'aborted') return { action: 'stop', why: 'aborted' };
  if (state.committed) return { action: 'stop', why: 'committed' };
  const reason = reasonOf(outcome);
  if (reason === null) return { action: 'stop', why: 'not-transient' };
  if (state.attempt >= state.chainLength) return { action: 'stop', why: 'chain-exhausted' };
  return { action: 'next', reason };
}

function reasonOf(outcome: Exclude<AttemptOutcome, { kind: 'ok' | 'aborted' }>): FallbackReason | null {
  switch (outcome.kind) {
    case 'connect-error':
      return 'connect';
    case 'timeout':
      // An idle timeout after the headers but before any data event is still "before the
      // first byte" for the client: nothing was sent, so it falls back like the others.
      return 'timeout';
    case 'error-event':
      return 'error_event';
    case 'invalid-answer':
      return 'invalid_answer';
    case 'status':
      return TRANSIENT_STATUSES.has(outcome.status) ? `status_${outcome.status}` : null;
  }
}
