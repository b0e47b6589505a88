import path from 'node:path';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import type { Io } from './io.js';

/**
 * Config is parsed once per command, with flags applied over the environment. Commands that only
 * read published files take this alone, without the database and logger of `commandContext`.
 */
export function configFromFlags(
  io: Io,
  flags: { db?: string | undefined; shortlists?: string | undefined },
  overrides: ConfigOverrides = {},
): Config {
  return loadConfig(
    io.env,
    {
      ...overrides,
      ...(flags.db ? { dbPath: path.resolve(io.cwd, flags.db) } : {}),
      ...(flags.shortlists ? { shortlistsDir: path.resolve(io.cwd, flags.shortlists) } : {}),
    },
    io.cwd,
  );
}
