import path from 'node:path';
import { diffShortlists } from '../artifact/diff.js';
import { loadShortlistFile } from '../artifact/load.js';
import { listVersions, resolveShortlist, versionFile } from '../artifact/store.js';
import { messageOf } from '../errors.js';
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

/**
 * Reads a published version, the one before it (for the diff) and every version up to it (for
 * the history), renders the report and writes it next to the artifacts. Only this step touches
 * files; the rendering in src/report is pure.
 */
export function writeShortlistReport(request: ReportRequest): ReportResult {
  const { shortlist, file: source } = resolveShortlist(request.dir, request.spec);
  const versions = listVersions(request.dir).filter((v) => v <= shortlist.version);
  const earlier = versions.filter((v) => v < shortlist.version);
  const previousVersion = earlier.at(-1) ?? null;
  // The diff is the point of reviewing a publish: an unreadable previous version is an error, not a blank section.
  const previous = previousVersion === null ? null : loadShortlistFile(versionFile(request.dir, previousVersion));
  const history: VersionSummary[] = [];
  const skippedHistory: string[] = [];
  for (const v of earlier) {
    try {
      history.push(v === previousVersion && previous ? summarizeVersion(previous) : summarizeVersion(loadShortlistFile(versionFile(request.dir, v))));
    } catch (error) {
      skippedHistory.push(`version ${v}: ${messageOf(error)}`);
    }
  }
  history.push(summarizeVersion(shortlist));
  const html = renderReport({ shortlist, diff: previous ? diffShortlists(previous, shortlist) : null, history, skippedHistory, now: request.now ?? new Date() });
  const file = request.out ?? defaultOut(request, shortlist.version, source);
  // Complete or not at all: a full disk leaves the previous report (or none), never half a page.
  writeFileComplete(file, html);
  return { version: shortlist.version, file, bytes: Buffer.byteLength(html), previousVersion, historyVersions: history.length, skippedHistory };
}

/** Beside the artifact: `<dir>/<version>.html`, or `x.html` for an artifact file `x.json` named by path. */
function defaultOut(request: ReportRequest, version: number, source: string): string {
  if (/^(\d+|latest|previous)$/.test(request.spec)) return path.join(request.dir, `${version}.html`);
  return `${source.replace(/\.json$/i, '')}.html`;
}
