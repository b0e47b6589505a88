import type { Redactor } from './redact.js';

/** The small logging surface the core uses; the CLI decides where lines go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

/** Plain lines on stderr, every line redacted. */
export function createStderrLogger(redact: Redactor, options: { verbose?: boolean } = {}): Logger {
  const write = (level: string, message: string) => process.stderr.write(`${level} ${redact(message)}\n`);
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    debug: (m) => {
      if (options.verbose) write('debug', m);
    },
  };
}
