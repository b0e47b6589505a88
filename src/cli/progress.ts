import type { ProgressEvent } from '../pipeline/sync.js';
import type { Logger } from '../util/log.js';
import type { Io } from './io.js';

/** The endpoints source's line for a model that left OpenRouter (see sources/openrouter-endpoints). */
const RETIRED = /^openrouter-endpoints: (\S+) answered 404; /;

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * On a terminal: one status line on stderr, redrawn as responses arrive. Elsewhere (CI, cron,
 * pipes): a log line when a source starts and ends, nothing redrawn.
 */
export function createProgress(io: Io, options: { enabled: boolean; log: Logger; now?: () => number }) {
  const now = options.now ?? Date.now;
  let frame = 0;
  let live = false;
  let startedAt = 0;
  // Retired models answer 404 one by one; people get one line per sync instead.
  const gone: string[] = [];
  const clear = () => {
    if (live) io.stderr('\r\x1b[K');
    live = false;
  };
  return {
    update(event: ProgressEvent) {
      if (event.phase === 'done' && gone.length > 0) {
        clear();
        options.log.info(
          `${event.source}: ${gone.length} model${gone.length === 1 ? '' : 's'} answered 404 (no longer on OpenRouter) and ${gone.length === 1 ? 'was' : 'were'} skipped: ${gone.splice(0).join(', ')}`,
        );
      }
      if (!options.enabled) return;
      if (io.isTTY) {
        clear();
        if (event.phase === 'start') startedAt = now();
        if (event.phase === 'done') {
          io.stderr(`${event.status === 'success' ? '✓' : '✗'} ${event.source} (${requests(event.requests)})\n`);
        } else {
          io.stderr(`${FRAMES[frame++ % FRAMES.length]} ${event.source}: ${counted(event, now() - startedAt)}`);
          live = true;
        }
      } else if (event.phase === 'start') {
        options.log.info(`sync ${event.source}: started`);
      } else if (event.phase === 'done') {
        options.log.info(`sync ${event.source}: ${event.status} after ${requests(event.requests)}`);
      }
    },
    /** Log lines must not land in the middle of the redrawn status line. */
    wrapLog(log: Logger): Logger {
      return {
        info: (m) => {
          const retired = RETIRED.exec(m);
          if (retired) return void gone.push(retired[1]!);
          clear();
          log.info(m);
        },
        warn: (m) => (clear(), log.warn(m)),
        debug: (m) => log.debug(m),
      };
    },
    finish: clear,
  };
}

/** `37/122 responses, about 12 s left` when the total is known, else a running count. */
function counted(event: ProgressEvent, elapsedMs: number): string {
  if (event.total === undefined) return `${event.requests} responses…`;
  const done = Math.min(event.requests, event.total);
  // The rate so far predicts the rest; say nothing before the first answer gives a rate.
  const leftMs = done === 0 ? null : (elapsedMs / done) * (event.total - done);
  return `${done}/${event.total} responses${leftMs === null ? '…' : `, about ${duration(leftMs)} left`}`;
}

function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function requests(n: number): string {
  return n === 1 ? '1 request' : `${n} requests`;
}
