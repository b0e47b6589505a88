import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isParetoError, messageOf } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { createRedactor } from '../util/redact.js';
import { printJson, type Io } from './io.js';
import type { CommandEntry } from './spec.js';
import { closest } from './suggest.js';

function usage(commands: Record<string, CommandEntry>): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length)) + 2;
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`);
  return `pareto — a self-hosted Pareto router for coding models

usage: pareto <command> [flags]

${lines.join('\n')}

Every command accepts --json (one JSON document on stdout) and --help; pareto --version.
Configuration: AA_API_KEY, OPENROUTER_API_KEY, AA_BASE_URL, OPENROUTER_BASE_URL, PARETO_DB (see README).
`;
}

export function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Finds the command, answers --help and --version itself, runs the rest and reports errors. */
export async function dispatch(commands: Record<string, CommandEntry>, argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? commands[rest[0]] : undefined;
    io.stdout(topic ? topic.help : usage(commands));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`pareto ${version()}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const guess = closest(name, Object.keys(commands));
    io.stderr(
      `pareto: unknown command "${name}"${guess ? `; did you mean \`pareto ${guess}\`?` : ''}\n${guess ? '' : `\n${usage(commands)}`}`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    return report(error, name, rest.includes('--json'), io);
  }
}

function report(error: unknown, name: string, json: boolean, io: Io): number {
  // Config may not have loaded, so redact straight from the environment.
  const redact = createRedactor([io.env.AA_API_KEY, io.env.OPENROUTER_API_KEY]);
  const pareto = isParetoError(error) ? error : undefined;
  const usageError = pareto !== undefined && (pareto.code === 'usage' || pareto.code === 'config');
  if (json) {
    const message = redact(pareto ? pareto.message : messageOf(error));
    printJson(io, { error: { code: pareto?.code ?? 'internal', message, ...(pareto?.hint ? { hint: redact(pareto.hint) } : {}) } });
  }
  const message = redact(messageOf(error));
  // Usage errors often name their command already ("pareto runs export: …"): say it once.
  io.stderr(`${message.startsWith(`pareto ${name}`) ? message : `pareto ${name}: ${message}`}\n`);
  return usageError ? 2 : 1;
}
