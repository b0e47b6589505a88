import { gunzipSync, gzipSync } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import type { HttpResponse } from '../../domain/http-response.js';
import type { Orm } from '../open.js';
import { rawResponses } from '../schema.js';

export interface RecordedResponse extends HttpResponse {
  readonly fetchedAt: string;
}

/** Stores each response body gzip-compressed; AA and OpenRouter JSON shrinks about 8×. */
export function insertRawResponses(orm: Orm, runId: number, responses: readonly RecordedResponse[]): void {
  responses.forEach((response, seq) => {
    orm
      .insert(rawResponses)
      .values({
        runId,
        seq,
        url: response.url,
        status: response.status,
        headers: JSON.stringify(response.headers),
        body: gzipSync(response.body),
        bytes: Buffer.byteLength(response.body),
        fetchedAt: response.fetchedAt,
      })
      .run();
  });
}

export function readRawResponses(orm: Orm, runId: number): RecordedResponse[] {
  return orm
    .select()
    .from(rawResponses)
    .where(eq(rawResponses.runId, runId))
    .orderBy(asc(rawResponses.seq))
    .all()
    .map((row) => ({
      url: row.url,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: gunzipSync(row.body).toString('utf8'),
      fetchedAt: row.fetchedAt,
    }));
}
