import type { ProgressEvent } from '../pipeline/sync.js';
import type { Logger } from '../util/log.js';
import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * On a terminal: one status line on stderr, redrawn as responses arrive. Elsewhere (CI, cron,
 * pipes): a log line when a source starts and ends, nothing redrawn.
 */
export function createProgress(io: Io, options: { enabled: boolean; log: Logger }) {
  let frame = 0;
  let live = false;
  const clear = () => {
    if (live) io.stderr('\r\x1b[K');
    live = false;
  };
  return {
    update(event: ProgressEvent) {
      if (!options.enabled) return;
      if (io.isTTY) {
        clear();
        if (event.phase === 'done') {
          io.stderr(`${event.status === 'success' ? '✓' : '✗'} ${event.source} (${event.requests} requests)\n`);
        } else {
          io.stderr(`${FRAMES[frame++ % FRAMES.length]} ${event.source}: ${event.requests} responses…`);
          live = true;
        }
      } else if (event.phase === 'start') {
        options.log.info(`sync ${event.source}: started`);
      } else if (event.phase === 'done') {
        options.log.info(`sync ${event.source}: ${event.status} after ${event.requests} requests`);
      }
    },
    /** Log lines must not land in the middle of the redrawn status line. */
    wrapLog(log: Logger): Logger {
      return {
        info: (m) => (clear(), log.info(m)),
        warn: (m) => (clear(), log.warn(m)),
        debug: (m) => log.debug(m),
      };
    },
    finish: clear,
  };
}
