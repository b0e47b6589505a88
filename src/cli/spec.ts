import type { ParseArgsConfig } from 'node:util';
import type { Io } from './io.js';

export type Flags = NonNullable<ParseArgsConfig['options']>;

/**
 * What the CLI knows about a command without loading it: `--help`, typo suggestions and shell
 * completion read this, so none of them imports the command's dependencies.
 */
export interface CommandSpec {
  readonly summary: string;
  readonly help: string;
  /** The flags the command parses (node:util parseArgs options). */
  readonly flags: Flags;
  /** How many positional arguments it takes (default none): more is a usage error. */
  readonly positionals?: number;
  /** Words completion offers after the command name (sub-commands, fixed arguments). */
  readonly words?: readonly string[];
}

export type CommandRun = (argv: readonly string[], io: Io) => Promise<number>;

/** An entry of the command table: the spec, and the command itself, imported only when run. */
export interface CommandEntry extends CommandSpec {
  load(): Promise<CommandRun>;
}
