import path from 'node:path';
import { writeShortlistReport } from '../../pipeline/report.js';
import { parseFlags } from '../args.js';
import { configFromFlags } from '../config-from-flags.js';
import { reportSpec } from '../specs/report.js';
import { printJson, type Io } from '../io.js';

export async function reportCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, reportSpec, 'report');
  const config = configFromFlags(io, values);
  const named = positionals[0] ?? 'latest';
  const result = writeShortlistReport({
    dir: config.shortlistsDir,
    // A file is named relative to where the command runs; versions are looked up in the folder.
    spec: /^(\d+|latest|previous)$/.test(named) ? named : path.resolve(io.cwd, named),
    ...(values.out ? { out: path.resolve(io.cwd, values.out) } : {}),
  });
  if (values.json) printJson(io, result);
  else
    io.stdout(
      `wrote the report of version ${result.version} → ${result.file}${result.previousVersion === null ? '' : ` (changes since version ${result.previousVersion})`}\n`,
    );
  for (const skipped of result.skippedHistory) io.stderr(`pareto report: left out of the history: ${skipped}\n`);
  return 0;
}
