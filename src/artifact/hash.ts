import { contentHash } from '../util/canonical-json.js';
import { ShortlistContent, type Shortlist } from './schema.js';

/**
 * The keys the content hash covers, read from the schema so a key added to the content is hashed
 * without anyone remembering to list it here, and a key added to the envelope (version,
 * contentHash, createdAt, sources: provenance and timestamps) never is.
 */
const CONTENT_KEYS = Object.keys(ShortlistContent.shape) as (keyof ShortlistContent)[];

/** Just the hashed part of a shortlist; accepts a whole artifact, so callers need not strip it. */
export function pickContent(value: ShortlistContent): ShortlistContent {
  const record = value as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) if (key in record) out[key] = record[key];
  return out as unknown as ShortlistContent;
}

/**
 * SHA-256 (hex) of the canonical JSON of the content. Equal content gives an equal hash whatever
 * the key order or the time it was built, which is what lets a re-run publish nothing.
 */
export function shortlistContentHash(value: ShortlistContent): string {
  return contentHash(pickContent(value));
}

/**
 * SHA-256 of what the content hash leaves out (version, createdAt, sources) plus the content
 * hash itself, so together the two cover every key of the artifact but this one.
 */
export function shortlistEnvelopeHash(value: Pick<Shortlist, 'version' | 'contentHash' | 'createdAt' | 'sources'>): string {
  return contentHash({ version: value.version, contentHash: value.contentHash, createdAt: value.createdAt, sources: value.sources });
}
