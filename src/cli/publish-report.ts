import type { NewVersionReport } from '../pipeline/report.js';

/** The line `publish` and `update` print about the report of a new version. */
export function describeReport(report: NewVersionReport | null, version: number): string {
  if (report === null) return '';
  if ('file' in report) return `report → ${report.file}\n`;
  return `the report of version ${version} failed: ${report.error}\n  version ${version} stays published; write the report with \`${report.retry}\`\n`;
}
