import { existsSync } from 'node:fs';
import path from 'node:path';
import { diffShortlists } from '../artifact/diff.js';
import { loadShortlistFile } from '../artifact/load.js';
import type { Shortlist } from '../artifact/schema.js';
import { listVersions, resolveShortlist, versionFile } from '../artifact/store.js';
import { messageOf } from '../errors.js';
import type { PublishOutcome } from './publish.js';
import { renderReport, summarizeVersion, type VersionSummary } from '../report/index.js';
import { writeFileComplete } from '../util/write-file-complete.js';

export interface ReportRequest {
  /** The shortlist folder ($PARETO_SHORTLISTS). */
  readonly dir: string;
  /** A version number, latest, previous, or an artifact file (as `pareto shortlist` takes). */
  readonly spec: string;
  /** Default: `<dir>/<version>.html` (for a file `x.json` named by path: `x.html`). */
  readonly out?: string;
  readonly now?: Date;
}

export interface ReportResult {
  readonly version: number;
  readonly file: string;
  readonly bytes: number;
  /** The version the "what changed" section compares with. */
  readonly previousVersion: number | null;
  readonly historyVersions: number;
  readonly skippedHistory: readonly string[];
}

/** A rendered report and what it was built from. */
export interface BuiltReport {
  readonly html: string;
  readonly previousVersion: number | null;
  readonly historyVersions: number;
  readonly skippedHistory: readonly string[];
}

/**
 * Renders the report of `shortlist` with the diff against the version before it and the history
 * of every version up to it, read from the folder `dir` (null: a shortlist without a folder, e.g.
 * one a router loads from a URL, gets a report of itself alone). Only this step reads files; the
 * rendering in src/report is pure.
 */
export function buildShortlistReport(dir: string | null, shortlist: Shortlist, now = new Date()): BuiltReport {
  const versions = dir === null || !existsSync(dir) ? [] : listVersions(dir).filter((v) => v <= shortlist.version);
  const earlier = versions.filter((v) => v < shortlist.version);
  const previousVersion = earlier.at(-1) ?? null;
  // The diff is the point of reviewing a publish: an unreadable previous version is an error, not a blank section.
  const previous = previousVersion === null || dir === null ? null : loadShortlistFile(versionFile(dir, previousVersion));
  const history: VersionSummary[] = [];
  const skippedHistory: string[] = [];
  for (const v of earlier) {
    try {
      history.push(
        v === previousVersion && previous ? summarizeVersion(previous) : summarizeVersion(loadShortlistFile(versionFile(dir!, v))),
      );
    } catch (error) {
      skippedHistory.push(`version ${v}: ${messageOf(error)}`);
    }
  }
  history.push(summarizeVersion(shortlist));
  const html = renderReport({ shortlist, diff: previous ? diffShortlists(previous, shortlist) : null, history, skippedHistory, now });
  return { html, previousVersion, historyVersions: history.length, skippedHistory };
}

/** Reads a published version, builds its report and writes it next to the artifacts. */
export function writeShortlistReport(request: ReportRequest): ReportResult {
  const { shortlist, file: source } = resolveShortlist(request.dir, request.spec);
  const built = buildShortlistReport(request.dir, shortlist, request.now ?? new Date());
  const file = request.out ?? defaultOut(request, shortlist.version, source);
  // Complete or not at all: a full disk leaves the previous report (or none), never half a page.
  writeFileComplete(file, built.html);
  const { html, ...meta } = built;
  return { version: shortlist.version, file, bytes: Buffer.byteLength(html), ...meta };
}

/** Beside the artifact: `<dir>/<version>.html`, or `x.html` for an artifact file `x.json` named by path. */
function defaultOut(request: ReportRequest, version: number, source: string): string {
  if (/^(\d+|latest|previous)$/.test(request.spec)) return path.join(request.dir, `${version}.html`);
  return `${source.replace(/\.json$/i, '')}.html`;
}

/**
 * The report `publish` and `update` write beside each new version. The version is published
 * before the report is rendered, so a failing report never takes it back: the failure is
 * reported (exit 1) with the command that writes the report again.
 */
export type NewVersionReport = { readonly file: string } | { readonly error: string; readonly retry: string };

export function reportNewVersion(outcome: PublishOutcome, dir: string, skip: boolean | undefined): NewVersionReport | null {
  if (outcome.reason !== 'new' || skip) return null;
  try {
    return { file: writeShortlistReport({ dir, spec: String(outcome.version) }).file };
  } catch (error) {
    return { error: messageOf(error), retry: `pareto report ${outcome.version}` };
  }
}

export function reportFailed(report: NewVersionReport | null): boolean {
  return report !== null && 'error' in report;
}
