import type { IncomingMessage } from 'node:http';
import { routerError, type RouterError } from './openai-error.js';

/**
 * The request body, bounded: a declared length over the limit is refused before reading, and a
 * chunked body is cut off the moment it passes the limit, so one client cannot fill memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | RouterError> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return tooLarge(limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** A JSON object, or the 400 that says what is wrong with it. */
export function parseJsonObject(
  bytes: Buffer,
):
  | { readonly ok: true; readonly value: Record<string, unknown>; readonly text: string }
  | { readonly ok: false; readonly error: RouterError } {
  let value: unknown;
  const text = bytes.toString('utf8');
  try {
    value = JSON.parse(text);
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
  return { ok: true, value: value as Record<string, unknown>, text };
}

function tooLarge(limit: number): RouterError {
  return routerError(
    413,
    'payload_too_large',
    `the request body is larger than ${limit} bytes (PARETO_MAX_BODY_BYTES); send a smaller context or raise the limit`,
  );
}
