import { createRequire } from 'node:module';
import type { Redactor } from './redact.js';

/** The small logging surface the core uses; the CLI decides where lines go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

// pino is loaded only for JSON logs: commands on a terminal do not pay for it at start-up.
const require = createRequire(import.meta.url);

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

/**
 * On a terminal: readable `level message` lines. Elsewhere (services, cron, CI): one JSON object
 * per line (pino), with time and level, for log shippers. Either way on stderr, so stdout stays
 * the command's output, and every message goes through the redactor first.
 */
export function createStderrLogger(redact: Redactor, options: { verbose?: boolean; json?: boolean; buffered?: boolean } = {}): Logger {
  if (options.json) {
    const { pino } = require('pino') as typeof import('pino');
    const log = pino(
      {
        level: options.verbose ? 'debug' : 'info',
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      // Synchronous, so the last lines before an exit are not lost; a server logging a line per
      // request batches its lines instead (and writes what is left when the process exits).
      options.buffered ? { write: batchedStderr() } : pino.destination({ dest: 2, sync: true }),
    );
    return { info: (m) => log.info(redact(m)), warn: (m) => log.warn(redact(m)), debug: (m) => log.debug(redact(m)) };
  }
  const out = options.buffered ? batchedStderr() : (text: string) => void process.stderr.write(text);
  const write = (level: string, message: string) => out(`${level} ${redact(message)}\n`);
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    debug: (m) => {
      if (options.verbose) write('debug', m);
    },
  };
}

/**
 * Lines written together, at most 50 ms after the first of them (sooner past 64 KB) and at exit,
 * so a server logging a line per request makes one write call per burst, not one per line: the
 * write per line was a sixth of the router's own CPU per request. A crash that skips the exit
 * handlers (SIGKILL, power) can lose the last 50 ms of lines.
 */
const FLUSH_AFTER_MS = 50;
const FLUSH_PAST_CHARS = 64 * 1024;

function batchedStderr(): (text: string) => void {
  let pending: string[] = [];
  let chars = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    chars = 0;
    process.stderr.write(text);
  };
  process.once('exit', flush);
  return (text) => {
    pending.push(text);
    chars += text.length;
    if (chars > FLUSH_PAST_CHARS) flush();
    // Unref'd: a pending flush never keeps the process alive; the exit handler writes what is left.
    else timer ??= setTimeout(flush, FLUSH_AFTER_MS).unref();
  };
}
