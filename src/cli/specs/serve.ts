import type { CommandSpec } from '../spec.js';
import { SHORTLISTS_FLAG } from './common.js';

export const serveSpec = {
  summary: 'an OpenAI-compatible router in front of OpenRouter (fallbacks, streaming, sticky sessions)',
  help: `pareto serve — an OpenAI-compatible Pareto router in front of OpenRouter

  --host HOST        address to listen on (default 127.0.0.1)
  --port PORT        port (default 8080; 0 = any free port)
  --shortlist SRC    artifact file or http(s) URL, watched for new versions
                     (default: latest.json in the shortlists folder)
  --shortlists DIR   published versions (default $PARETO_SHORTLISTS or data/shortlists)
  --redis URL        share sticky sessions between instances (default PARETO_REDIS_URL;
                     none: in memory)
  --workers N|auto   router processes behind the one port, auto = one per core (default
                     PARETO_WORKERS or 1); more than 1 needs --redis
  --json             log JSON lines
  --verbose          log debug lines too

Prints "listening on http://HOST:PORT" once it accepts requests. SIGTERM or Ctrl-C: stop
accepting, let requests in flight finish (PARETO_SHUTDOWN_GRACE_MS), exit 0.

Credentials: with PARETO_ROUTER_KEYS (comma-separated, each KEY or NAME:KEY; the name is the
client in the log and the spend counters) clients send one of them and OPENROUTER_API_KEY calls
OpenRouter; without, OPENROUTER_API_KEY serves programs on this machine on a loopback address
(never a browser page of another site: its Origin or Host is refused) and anywhere else each
client's own key is passed through. PARETO_METRICS_KEY puts /metrics behind a bearer key.
The README lists every PARETO_* setting.
`,
  flags: {
    host: { type: 'string' },
    port: { type: 'string' },
    shortlist: { type: 'string' },
    ...SHORTLISTS_FLAG,
    redis: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
} as const satisfies CommandSpec;
