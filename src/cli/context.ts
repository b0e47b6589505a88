import type { Config, ConfigOverrides } from '../config.js';
import { openDatabase, type Db } from '../db/open.js';
import { createStderrLogger, type Logger } from '../util/log.js';
import { configFromFlags } from './config-from-flags.js';
import type { Io } from './io.js';

export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  openDb(): Db;
}

/** Config is parsed once per command, with flags applied over the environment. */
export function commandContext(io: Io, flags: { db?: string | undefined; verbose?: boolean | undefined }, overrides: ConfigOverrides = {}): CommandContext {
  const config = configFromFlags(io, flags, overrides);
  // Structured JSON lines when stderr is not a terminal (services, cron); PARETO_LOG_FORMAT overrides.
  const format = config.logFormat ?? (io.isTTY ? 'text' : 'json');
  let log: Logger | undefined;
  return {
    config,
    // Made on first use: a command that never logs does not load the JSON logger.
    get log() {
      return (log ??= createStderrLogger(config.redact, { verbose: flags.verbose ?? false, json: format === 'json' }));
    },
    openDb: () => openDatabase(config.dbPath),
  };
}
