import type { IncomingMessage } from 'node:http';
import { topLevelMembers, type MemberSpan } from './json-members.js';
import { parseObjectInPieces, WHOLE_BELOW_BYTES } from './json-pieces.js';
import { routerError, type RouterError } from './openai-error.js';

/**
 * The request body, bounded: a declared length over the limit is refused before reading, and a
 * chunked body is cut off the moment it passes the limit, so one client cannot fill memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | RouterError> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(limit));
  // Events, not `for await`: an async iterator per request costs more than the rest of the read.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      // Stop reading; the 413 answer closes the connection.
      req.pause();
      resolve(tooLarge(limit));
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the connection before sending the whole body'));
    };
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * A JSON object with its top-level members' byte spans (the rewrite copies them), or the 400
 * that says what is wrong with it. A large body is parsed in pieces (json-pieces.ts), never
 * decoded as one string; anything that path does not take is parsed whole, as is a small body.
 */
export function parseJsonObject(
  bytes: Buffer,
):
  | { readonly ok: true; readonly value: Record<string, unknown>; readonly members: readonly MemberSpan[] }
  | { readonly ok: false; readonly error: RouterError } {
  const pieces = bytes.length >= WHOLE_BELOW_BYTES ? parseObjectInPieces(bytes) : null;
  if (pieces !== null) return { ok: true, ...pieces };
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      error: routerError(
        400,
        'invalid_json',
        `the request body is not valid JSON (${(error as Error).message}); send a chat completion request object`,
      ),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: routerError(400, 'invalid_request', 'the request body must be a JSON object with "model" and "messages"') };
  }
  return { ok: true, value: value as Record<string, unknown>, members: topLevelMembers(bytes) };
}

function tooLarge(limit: number): RouterError {
  return routerError(
    413,
    'payload_too_large',
    `the request body is larger than ${limit} bytes (PARETO_MAX_BODY_BYTES); send a smaller context or raise the limit`,
    null,
    // The rest of the body is never read: the connection cannot carry another request.
    { connection: 'close' },
  );
}
