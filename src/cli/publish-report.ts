import { messageOf } from '../errors.js';
import type { PublishOutcome } from '../pipeline/publish.js';
import { writeShortlistReport } from '../pipeline/report.js';

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

export function describeReport(report: NewVersionReport | null, version: number): string {
  if (report === null) return '';
  if ('file' in report) return `report → ${report.file}\n`;
  return `the report of version ${version} failed: ${report.error}\n  version ${version} stays published; write the report with \`${report.retry}\`\n`;
}

export function reportFailed(report: NewVersionReport | null): boolean {
  return report !== null && 'error' in report;
}
