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
  const log = createStderrLogger(config.redact, { verbose: flags.verbose ?? false });
  return { config, log, openDb: () => openDatabase(config.dbPath) };
}
