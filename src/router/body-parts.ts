/**
 * A request body as it lies in memory: parts written one after another, never joined. An
 * agent's 400 KB body rewritten for an attempt is a small new head followed by the client's own
 * bytes; joining them was a 400 KB copy per attempt (a fifth of the router's added time on such
 * a body), while undici can write the parts as they are.
 */
export interface BodyParts {
  readonly parts: readonly Buffer[];
  /** Their total byte length, sent as content-length. */
  readonly length: number;
}

export type OutgoingBody = Buffer | BodyParts;

/** Below this a body is joined: one write costs less than a write per part. */
export const JOIN_BELOW_BYTES = 64 * 1024;
/** Parts smaller than this are merged with their neighbours, so a body is a few writes, not one per comma. */
const MERGE_BELOW_BYTES = 16 * 1024;

/** The pieces of a body, joined when small, else as a few parts: the large pieces as they are, the small ones merged. */
export function outgoingBody(pieces: readonly Buffer[], length: number): OutgoingBody {
  if (length < JOIN_BELOW_BYTES) return Buffer.concat(pieces, length);
  const parts: Buffer[] = [];
  let small: Buffer[] = [];
  const flush = () => {
    if (small.length > 0) parts.push(small.length === 1 ? small[0]! : Buffer.concat(small));
    small = [];
  };
  for (const piece of pieces) {
    if (piece.length >= MERGE_BELOW_BYTES) {
      flush();
      parts.push(piece);
    } else small.push(piece);
  }
  flush();
  return { parts, length };
}

/** The body as one buffer (tests, logs of a body): what the parts add up to. */
export function joinedBody(body: OutgoingBody): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.concat(body.parts, body.length);
}
