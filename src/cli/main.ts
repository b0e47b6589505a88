import { isParetoError, messageOf } from '../errors.js';
import { createRedactor } from '../util/redact.js';
import { diffCommand, diffHelp } from './commands/diff.js';
import { jobsCommand, jobsHelp } from './commands/jobs.js';
import { matchCommand, matchHelp } from './commands/match.js';
import { pruneCommand, pruneHelp } from './commands/prune.js';
import { publishCommand, publishHelp } from './commands/publish.js';
import { reportCommand, reportHelp } from './commands/report.js';
import { resolveCommand, resolveHelp } from './commands/resolve.js';
import { shortlistCommand, shortlistHelp } from './commands/shortlist.js';
import { statusCommand, statusHelp } from './commands/status.js';
import { updateCommand, updateHelp } from './commands/update.js';
import { runsCommand, runsHelp } from './commands/runs.js';
import { serveCommand, serveHelp } from './commands/serve.js';
import { syncCommand, syncHelp } from './commands/sync.js';
import { printJson, processIo, type Io } from './io.js';

interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  update: { summary: 'sync, publish, and show the shortlist (the main command; --sample works offline)', help: updateHelp, run: updateCommand },
  sync: { summary: 'fetch AA and OpenRouter data into the database (live, --sample or --from DIR)', help: syncHelp, run: syncCommand },
  runs: { summary: 'list sync runs, or export a run for replay', help: runsHelp, run: runsCommand },
  publish: { summary: 'build the shortlist from the latest syncs and publish a new version if it changed', help: publishHelp, run: publishCommand },
  shortlist: { summary: 'show a published shortlist as tables per tier (--json: the artifact)', help: shortlistHelp, run: shortlistCommand },
  report: { summary: 'write a shortlist version as one offline HTML page: frontier chart, tiers, changes, history', help: reportHelp, run: reportCommand },
  diff: { summary: 'compare two shortlist versions (text, --markdown, --json; exit 1 when different)', help: diffHelp, run: diffCommand },
  resolve: { summary: 'route a request from the latest shortlist (tier, nitro, max_price, session) and explain why', help: resolveHelp, run: resolveCommand },
  status: { summary: 'data freshness per source, AA budget use, latest shortlist (exit 1 when stale)', help: statusHelp, run: statusCommand },
  prune: { summary: 'delete sync history older than N days (never what a published version needs)', help: pruneHelp, run: pruneCommand },
  jobs: { summary: 'scheduled jobs: list, run one once, or start the scheduler (never overlapping)', help: jobsHelp, run: jobsCommand },
  match: { summary: 'review how AA rows map to OpenRouter models (matched, proposed, unmatched)', help: matchHelp, run: matchCommand },
  serve: { summary: 'an OpenAI-compatible router in front of OpenRouter (fallbacks, streaming, sticky sessions)', help: serveHelp, run: serveCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `pareto — a self-hosted Pareto router for coding models

usage: pareto <command> [flags]

${lines.join('\n')}

Every command accepts --json (one JSON document on stdout) and --help.
Configuration: AA_API_KEY, OPENROUTER_API_KEY, AA_BASE_URL, OPENROUTER_BASE_URL, PARETO_DB (see README).
`;
}

/** Exit codes: 0 ok, 1 the command ran and something failed, 2 bad usage or configuration. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`pareto: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Config may not have loaded, so redact straight from the environment.
    const redact = createRedactor([io.env.AA_API_KEY, io.env.OPENROUTER_API_KEY]);
    const message = redact(messageOf(error));
    const usageError = isParetoError(error) && (error.code === 'usage' || error.code === 'config');
    if (rest.includes('--json')) printJson(io, { error: { code: isParetoError(error) ? error.code : 'internal', message } });
    // Usage errors often name their command already ("pareto runs export: …"): say it once.
    io.stderr(`${message.startsWith(`pareto ${name}`) ? message : `pareto ${name}: ${message}`}\n`);
    return usageError ? 2 : 1;
  }
}
