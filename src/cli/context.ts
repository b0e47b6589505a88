import { existsSync } from 'node:fs';
import type { Config, ConfigOverrides } from '../config.js';
import { openDatabaseReadOnly } from '../db/open-read-only.js';
import { openDatabase, type Db } from '../db/open.js';
import { ParetoError } from '../errors.js';
import { createStderrLogger, type Logger } from '../util/log.js';
import { configFromFlags } from './config-from-flags.js';
import type { Io } from './io.js';

export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  openDb(): Db;
  /** For commands that only read: never creates the database, says what to run when there is none. */
  readDb(): Db;
  /** The same, or null when there is no database yet (status, jobs list report that themselves). */
  readDbIfAny(): Db | null;
}

/** Config is parsed once per command, with flags applied over the environment. */
export function commandContext(
  io: Io,
  flags: { db?: string | undefined; shortlists?: string | undefined; verbose?: boolean | undefined; bufferedLog?: boolean },
  overrides: ConfigOverrides = {},
): CommandContext {
  const config = configFromFlags(io, flags, overrides);
  // Structured JSON lines when stderr is not a terminal (services, cron); PARETO_LOG_FORMAT overrides.
  const format = config.logFormat ?? (io.isTTY ? 'text' : 'json');
  let log: Logger | undefined;
  return {
    config,
    // Made on first use: a command that never logs does not load the JSON logger.
    get log() {
      return (log ??= createStderrLogger(config.redact, {
        verbose: flags.verbose ?? false,
        json: format === 'json',
        buffered: flags.bufferedLog ?? false,
      }));
    },
    openDb: () => openDatabase(config.dbPath),
    readDb() {
      if (!existsSync(config.dbPath)) throw noDatabase(config.dbPath);
      return openDatabaseReadOnly(config.dbPath);
    },
    readDbIfAny: () => (existsSync(config.dbPath) ? openDatabaseReadOnly(config.dbPath) : null),
  };
}

function noDatabase(file: string): ParetoError {
  return new ParetoError('empty', `no database at ${file}: nothing has been synced yet`, {
    hint: 'run `pareto update` to sync and publish (`pareto update --sample` works offline), or pass --db FILE',
  });
}
