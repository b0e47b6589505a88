import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ParetoError } from '../errors.js';
import { HttpError, httpErrorFor } from '../http/errors.js';
import type { Fetcher, HttpResponse } from '../http/types.js';
import type { RecordedResponse } from '../db/queries/raw-responses.js';
import { describeIssues } from '../util/zod-issues.js';
import { writeFileComplete } from '../util/write-file-complete.js';

/**
 * A recording is what one source's run received: every final response with its URL, status and
 * headers. Runs keep them in the database; `pareto runs export` writes them to a folder and
 * `pareto sync --from DIR` (or `--sample`) replays them through the same parse path as a live
 * run. One file per source: DIR/<source>.json.
 */
export const RECORDING_FORMAT = 'pareto-recording/1';

const RecordingFile = z.object({
  format: z.literal(RECORDING_FORMAT),
  source: z.string(),
  recordedAt: z.string(),
  note: z.string().optional(),
  responses: z.array(
    z.object({
      url: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()),
      /** Parsed JSON bodies are kept as JSON (readable, diffable); anything else as text. */
      body: z.unknown().optional(),
      bodyText: z.string().optional(),
    }),
  ),
});
export type RecordingFile = z.infer<typeof RecordingFile>;

export interface Recording {
  readonly source: string;
  readonly recordedAt: string;
  readonly responses: readonly RecordedResponse[];
}

/** Wraps a fetcher and keeps every final answer (failures included) for the run's raw log. */
export function recordingFetcher(inner: Fetcher, now: () => Date, onResponse?: (r: RecordedResponse) => void) {
  const responses: RecordedResponse[] = [];
  const keep = (response: HttpResponse) => {
    const recorded = { ...response, fetchedAt: now().toISOString() };
    responses.push(recorded);
    onResponse?.(recorded);
  };
  const fetcher: Fetcher = {
    async get(request) {
      try {
        const response = await inner.get(request);
        keep(response);
        return response;
      } catch (error) {
        if (error instanceof HttpError) keep(error.response);
        throw error;
      }
    },
  };
  return { fetcher, responses };
}

function requestKey(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname.replace(/\/+$/, '') + parsed.search;
}

/**
 * Serves a recording. Requests match on path and query (not host), so a recording made against
 * any base URL replays anywhere. A request the recording lacks is an error, never a guess.
 */
export function replayFetcher(recording: Recording, redact: (s: string) => string): Fetcher {
  const byKey = new Map<string, RecordedResponse[]>();
  for (const response of recording.responses) {
    const key = requestKey(response.url);
    byKey.set(key, [...(byKey.get(key) ?? []), response]);
  }
  return {
    async get(request) {
      request.beforeAttempt?.();
      const queue = byKey.get(requestKey(request.url));
      const response = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      if (!response) {
        throw new ParetoError('replay', `the recording of ${recording.source} has no response for ${requestKey(request.url)}`, {
          hint: 'replay the recording with the same sources and model ids it was made with',
        });
      }
      request.onResponse?.(response);
      if (response.status < 200 || response.status >= 300) throw httpErrorFor(response, redact);
      return response;
    },
  };
}

export function toRecordingFile(recording: Recording, note?: string): RecordingFile {
  return {
    format: RECORDING_FORMAT,
    source: recording.source,
    recordedAt: recording.recordedAt,
    ...(note ? { note } : {}),
    responses: recording.responses.map((r) => {
      let body: unknown;
      try {
        body = JSON.parse(r.body);
      } catch {
        return { url: r.url, status: r.status, headers: r.headers, bodyText: r.body };
      }
      return { url: r.url, status: r.status, headers: r.headers, body };
    }),
  };
}

export function fromRecordingFile(file: RecordingFile): Recording {
  return {
    source: file.source,
    recordedAt: file.recordedAt,
    responses: file.responses.map((r) => ({
      url: r.url,
      status: r.status,
      headers: r.headers,
      body: r.bodyText ?? JSON.stringify(r.body ?? null),
      fetchedAt: file.recordedAt,
    })),
  };
}

/** Reads every DIR/<source>.json recording. */
export function readRecordingDir(dir: string): Recording[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    throw new ParetoError('replay', `cannot read the recording folder ${dir}`, {
      hint: 'pass a folder written by `pareto runs export` (or use --sample)',
    });
  }
  const recordings = names.map((name) => {
    const file = path.join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ParetoError('replay', `${file} is not valid JSON: ${(error as Error).message}`, {
        hint: 'restore the file or export the run again',
      });
    }
    const result = RecordingFile.safeParse(parsed);
    if (!result.success) {
      throw new ParetoError('replay', `${file} is not a recording (${describeIssues(result.error)})`, {
        hint: `recordings have "format": "${RECORDING_FORMAT}"; write them with \`pareto runs export\``,
      });
    }
    return fromRecordingFile(result.data);
  });
  if (recordings.length === 0)
    throw new ParetoError('replay', `no recordings (*.json) in ${dir}`, { hint: 'pass a folder written by `pareto runs export`' });
  return recordings;
}

/** Writes DIR/<source>.json completely or not at all, so a reader never sees half a file. */
export function writeRecording(dir: string, recording: Recording, note?: string): string {
  const file = path.join(dir, `${recording.source}.json`);
  writeFileComplete(file, serializeRecording(toRecordingFile(recording, note)));
  return file;
}

/** Compact, one response per line: small on disk, and a diff of two recordings shows which answer changed. */
function serializeRecording(file: RecordingFile): string {
  const { responses, ...head } = file;
  const lines = responses.map((r) => JSON.stringify(r));
  return `${JSON.stringify(head).slice(0, -1)},"responses":[\n${lines.join(',\n')}\n]}\n`;
}
