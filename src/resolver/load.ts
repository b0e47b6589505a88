import { open } from 'node:fs/promises';
import { parseShortlist } from '../artifact/load.js';
import type { Shortlist } from '../artifact/schema.js';
import { ParetoError } from '../errors.js';
import { createHttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import type { Fetcher } from '../http/types.js';
import type { Redactor } from '../util/redact.js';

/**
 * Reads a published shortlist from a file or an http(s) URL and verifies it (schema, content
 * hash, consistency) before anyone routes with it. The conditional form lets a watcher skip an
 * unchanged source without downloading or parsing it again.
 */
export interface LoadShortlistOptions {
  /** Client for URLs; by default one with a 10 s timeout and one retry. */
  readonly http?: Fetcher;
  /** Extra request headers, e.g. credentials for a private bucket. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Masks secrets (a token in a signed URL) wherever the location appears in an error. */
  readonly redact?: Redactor;
}

/** What identifies the version of a source we last read: HTTP validators, or a file's stat. */
export interface SourceValidators {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly fileStamp?: string;
}

export interface SourceText {
  readonly text: string;
  /** The location as it may appear in messages (redacted). */
  readonly origin: string;
  readonly validators: SourceValidators;
}

export function isShortlistUrl(pathOrUrl: string): boolean {
  return /^https?:\/\//i.test(pathOrUrl);
}

export async function loadShortlist(pathOrUrl: string, options: LoadShortlistOptions = {}): Promise<Shortlist> {
  const source = await readShortlistSource(pathOrUrl, options);
  return parseShortlist(source.text, source.origin);
}

/** The caller's client, or a default one (10 s timeout, one retry); a watcher asks once and reuses it. */
export function shortlistHttpClient(options: LoadShortlistOptions): Fetcher {
  return (
    options.http ?? createHttpClient({ timeoutMs: 10_000, retries: 1, maxRetryAfterSeconds: 5, redact: options.redact ?? ((text) => text) })
  );
}

/**
 * The raw text of the source. Given the validators of the last read, it resolves to undefined
 * when the source has not changed since (a 304, or a file with the same stat).
 */
export function readShortlistSource(pathOrUrl: string, options: LoadShortlistOptions): Promise<SourceText>;
export function readShortlistSource(
  pathOrUrl: string,
  options: LoadShortlistOptions,
  since: SourceValidators,
): Promise<SourceText | undefined>;
export async function readShortlistSource(
  pathOrUrl: string,
  options: LoadShortlistOptions,
  since?: SourceValidators,
): Promise<SourceText | undefined> {
  return isShortlistUrl(pathOrUrl) ? readUrl(pathOrUrl, options, since) : readFile(pathOrUrl, since);
}

async function readUrl(url: string, options: LoadShortlistOptions, since: SourceValidators | undefined): Promise<SourceText | undefined> {
  const headers: Record<string, string> = { ...options.headers };
  if (since?.etag) headers['if-none-match'] = since.etag;
  if (since?.lastModified) headers['if-modified-since'] = since.lastModified;
  try {
    const response = await shortlistHttpClient(options).get({ url, headers });
    const validators: SourceValidators = {
      ...(response.headers.etag ? { etag: response.headers.etag } : {}),
      ...(response.headers['last-modified'] ? { lastModified: response.headers['last-modified'] } : {}),
    };
    return { text: response.body, origin: options.redact ? options.redact(url) : url, validators };
  } catch (error) {
    // The client reports every non-2xx answer as an error; a 304 to our own conditional
    // request is the one that means "nothing new". Without validators it is a real error.
    if (since && error instanceof HttpError && error.status === 304) return undefined;
    throw error;
  }
}

async function readFile(file: string, since: SourceValidators | undefined): Promise<SourceText | undefined> {
  try {
    // stat and read through one handle, so a rename in between cannot pair one file's stamp
    // with another file's text.
    const handle = await open(file, 'r');
    try {
      const stat = await handle.stat({ bigint: true });
      // The inode changes on every atomic publish (temp file + rename); ctime catches an
      // in-place write even when a tool restores the old mtime.
      const fileStamp = [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':');
      if (since?.fileStamp === fileStamp) return undefined;
      return { text: await handle.readFile('utf8'), origin: file, validators: { fileStamp } };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ParetoError('not_found', `shortlist file ${file} does not exist`, {
        hint: 'check the path; nothing published yet? `pareto update --sample` publishes one from the bundled sample, `pareto update` from live data (both write latest.json in PARETO_SHORTLISTS, data/shortlists by default)',
        cause: error,
      });
    }
    throw new ParetoError('usage', `cannot read shortlist file ${file}${code ? ` (${code})` : ''}`, {
      hint: 'pass a readable artifact file or an http(s) URL',
      cause: error,
    });
  }
}
