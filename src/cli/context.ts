import path from 'node:path';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import { openDatabase, type Db } from '../db/open.js';
import { createStderrLogger, type Logger } from '../util/log.js';
import type { Io } from './io.js';

export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  openDb(): Db;
}

/** Config is parsed once per command, with flags applied over the environment. */
export function commandContext(io: Io, flags: { db?: string | undefined; verbose?: boolean | undefined }, overrides: ConfigOverrides = {}): CommandContext {
  const config = loadConfig(io.env, { ...overrides, ...(flags.db ? { dbPath: path.resolve(io.cwd, flags.db) } : {}) }, io.cwd);
  // Structured JSON lines when stderr is not a terminal (services, cron); PARETO_LOG_FORMAT overrides.
  const format = io.env.PARETO_LOG_FORMAT ?? (io.isTTY ? 'text' : 'json');
  const log = createStderrLogger(config.redact, { verbose: flags.verbose ?? false, json: format === 'json' });
  return { config, log, openDb: () => openDatabase(config.dbPath) };
}
