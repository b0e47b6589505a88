import type { Redactor } from './redact.js';

/** The small logging surface the core uses; the CLI decides where lines go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

/**
 * On a terminal: readable `level message` lines. Elsewhere (services, cron, CI): one JSON object
 * per line, `{"level","time","pid","msg"}` (pino's shape, which log shippers know). Either way on stderr, so stdout stays the command's output, and every message goes
 * through the redactor first. Written here rather than by a logging library: the line is four
 * fields, and in the router, which logs a line per request, the library cost 7% of its CPU.
 */
export function createStderrLogger(redact: Redactor, options: { verbose?: boolean; json?: boolean; buffered?: boolean } = {}): Logger {
  // Synchronous (stderr is, for files and pipes), so the last lines before an exit are not
  // lost; a server logging a line per request batches its lines instead (and writes what is
  // left when the process exits).
  const out = options.buffered ? batchedStderr() : (text: string) => void process.stderr.write(text);
  const line = options.json ? jsonLine : textLine;
  const write = (level: string, message: string) => out(line(level, redact(message)));
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    debug: (m) => {
      if (options.verbose) write('debug', m);
    },
  };
}

const textLine = (level: string, message: string) => `${level} ${message}\n`;
const jsonLine = (level: string, message: string) =>
  `{"level":"${level}","time":"${isoNow()}","pid":${process.pid},"msg":${JSON.stringify(message)}}\n`;

/**
 * `new Date().toISOString()`, with the part up to the second formatted once per second: V8
 * formats an ISO date through printf, which cost more than the rest of a router's log line.
 */
let isoSecond = Number.NaN;
let isoPrefix = '';
export function isoNow(ms = Date.now()): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4); // up to and with the '.' before the milliseconds
  }
  const millis = ms - second * 1000;
  return `${isoPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
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
