import { ResolveError, describeValue } from './error.js';
import type { ChainEntry } from './route-types.js';
import type { StickyPin } from './stickiness.js';

/**
 * What served a successful response, as the router reports it: the entry id the resolution
 * named, or the model and effort. A pin stores (model, effort, provider), not the entry id of one
 * artifact version, so a pin made under one shortlist keeps working after the next is published.
 */
export type Served =
  | { readonly entryId: string; readonly provider?: string | null }
  | { readonly model: string; readonly effort: string | null; readonly provider?: string | null };

/** The entry id a pin refers to: `model@effort`, `model@default` for the default effort. */
export function pinId(pin: Pick<StickyPin, 'model' | 'effort'>): string {
  return pin.effort === null ? `${pin.model}@default` : `${pin.model}@${pin.effort}`;
}

/**
 * Longest model id, effort, entry id or provider name a report may carry. Real ones are under
 * 100 characters; without a bound a caller's bug would store megabytes per session pin.
 */
export const MAX_SERVED_LENGTH = 256;

export function pinFor(served: unknown, entries: ReadonlyMap<string, ChainEntry>): StickyPin {
  if (typeof served !== 'object' || served === null) throw invalid('served', served, 'an object { entryId } or { model, effort }');
  const record = served as Record<string, unknown>;
  for (const field of ['entryId', 'model', 'effort', 'provider']) {
    const value = record[field];
    if (typeof value === 'string' && value.length > MAX_SERVED_LENGTH) {
      throw new ResolveError(
        400,
        field,
        `the served ${field} must be at most ${MAX_SERVED_LENGTH} characters; got a string of ${value.length}`,
      );
    }
  }
  const provider = record.provider ?? null;
  if (provider !== null && (typeof provider !== 'string' || provider.length === 0))
    throw invalid('provider', provider, 'a provider name, or null');
  if (record.entryId !== undefined) {
    const id = record.entryId;
    if (typeof id !== 'string') throw invalid('entryId', id, 'an entry id "author/slug@effort"');
    const known = entries.get(id);
    if (known !== undefined) return { model: known.model, effort: known.effort, provider };
    // An id from another version of the shortlist (the artifact may have been swapped while the
    // request was in flight): pin it anyway; it is simply not a candidate of this version.
    const at = id.lastIndexOf('@');
    if (at <= 0 || at === id.length - 1) throw invalid('entryId', id, 'an entry id "author/slug@effort"');
    const effort = id.slice(at + 1);
    return { model: id.slice(0, at), effort: effort === 'default' ? null : effort, provider };
  }
  const { model, effort } = record;
  if (typeof model !== 'string' || model.length === 0) throw invalid('model', model, 'an OpenRouter model id "author/slug"');
  if (effort !== null && (typeof effort !== 'string' || effort.length === 0))
    throw invalid('effort', effort, 'a reasoning effort, or null for the default');
  return { model, effort, provider };
}

function invalid(field: string, value: unknown, accepted: string): ResolveError {
  return new ResolveError(400, field, `the served ${field} must be ${accepted}; got ${describeValue(value)}`);
}
