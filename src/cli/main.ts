import type { CommandEntry } from './spec.js';
import { completionSpec } from './specs/completion.js';
import { diffSpec } from './specs/diff.js';
import { jobsSpec } from './specs/jobs.js';
import { matchSpec } from './specs/match.js';
import { pruneSpec } from './specs/prune.js';
import { reportSpec } from './specs/report.js';
import { publishSpec } from './specs/publish.js';
import { resolveSpec } from './specs/resolve.js';
import { runsSpec } from './specs/runs.js';
import { serveSpec } from './specs/serve.js';
import { shortlistSpec } from './specs/shortlist.js';
import { spendSpec } from './specs/spend.js';
import { statusSpec } from './specs/status.js';
import { syncSpec } from './specs/sync.js';
import { updateSpec } from './specs/update.js';
import { dispatch } from './dispatch.js';
import { processIo, type Io } from './io.js';

/**
 * Every command: its spec (summary, help, flags; cheap to import) and the command module,
 * imported only when that command runs, so `--help` or `resolve` never load the database,
 * HTTP or HTML libraries. Adding a command is one entry (and its spec in specs/).
 */
export const COMMANDS: Record<string, CommandEntry> = {
  update: { ...updateSpec, load: async () => (await import('./commands/update.js')).updateCommand },
  sync: { ...syncSpec, load: async () => (await import('./commands/sync.js')).syncCommand },
  runs: { ...runsSpec, load: async () => (await import('./commands/runs.js')).runsCommand },
  publish: { ...publishSpec, load: async () => (await import('./commands/publish.js')).publishCommand },
  shortlist: { ...shortlistSpec, load: async () => (await import('./commands/shortlist.js')).shortlistCommand },
  report: { ...reportSpec, load: async () => (await import('./commands/report.js')).reportCommand },
  diff: { ...diffSpec, load: async () => (await import('./commands/diff.js')).diffCommand },
  resolve: { ...resolveSpec, load: async () => (await import('./commands/resolve.js')).resolveCommand },
  status: { ...statusSpec, load: async () => (await import('./commands/status.js')).statusCommand },
  prune: { ...pruneSpec, load: async () => (await import('./commands/prune.js')).pruneCommand },
  jobs: { ...jobsSpec, load: async () => (await import('./commands/jobs.js')).jobsCommand },
  match: { ...matchSpec, load: async () => (await import('./commands/match.js')).matchCommand },
  serve: { ...serveSpec, load: async () => (await import('./commands/serve.js')).serveCommand },
  spend: { ...spendSpec, load: async () => (await import('./commands/spend.js')).spendCommand },
  completion: { ...completionSpec, load: async () => (await import('./commands/completion.js')).completionCommand(COMMANDS) },
};

/** Exit codes: 0 ok, 1 the command ran and something failed, 2 bad usage or configuration. */
export function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return dispatch(COMMANDS, argv, io);
}
