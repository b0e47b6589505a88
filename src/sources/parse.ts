import type { z } from 'zod';
import { ParetoError } from '../errors.js';
import type { HttpResponse } from '../http/types.js';
import { looksTruncated } from '../util/json-errors.js';
import { describeIssues } from '../util/zod-issues.js';

/**
 * Boundary helpers shared by every source: a body that is not JSON, or JSON that lacks what the
 * API documents, fails the run loudly with the source and URL (schema drift), never quietly.
 */
export function parseJsonBody(response: HttpResponse, source: string): unknown {
  try {
    return JSON.parse(response.body);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const truncated = looksTruncated(error, response.body);
    // Node quotes a slice of the body in its message; an echoed key could hide in that slice.
    const reason = truncated ? 'unexpected end of input' : raw.replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '…');
    throw new ParetoError(
      'schema',
      `${response.url} returned ${truncated ? 'truncated' : 'invalid'} JSON (${response.body.length} bytes): ${reason}`,
      {
        source,
        hint: truncated ? 'the response was cut off; try again later' : 'the API answered something that is not JSON; check the base URL',
      },
    );
  }
}

/** Validates a whole envelope; the error names each bad path. */
export function validateEnvelope<T extends z.ZodType>(schema: T, value: unknown, source: string, url: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ParetoError('schema', `${url} does not match the documented shape: ${describeIssues(result.error)}`, {
    source,
    hint: 'the API may have changed; nothing was stored. Check the source readme and update its schema',
  });
}
