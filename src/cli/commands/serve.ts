import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { latestFile } from '../../artifact/store.js';
import { ParetoError } from '../../errors.js';
import { buildShortlistReport } from '../../pipeline/report.js';
import { isShortlistUrl } from '../../resolver/load.js';
import { watchShortlist } from '../../resolver/watch.js';
import { createRouterApp } from '../../router/app.js';
import { joinCluster, runPrimary, type ClusterLink } from '../../router/cluster.js';
import { credentialMode, isLoopbackAddress } from '../../router/credentials.js';
import { listenError } from '../../router/listen-error.js';
import { workerCount } from '../../router/settings.js';
import { loadStickyStore } from '../../router/sticky-store.js';
import { intFlag, parseFlags } from '../args.js';
import { packageRoot } from '../../util/package-root.js';
import { commandContext } from '../context.js';
import type { Io } from '../io.js';
import { serveSpec } from '../specs/serve.js';

export async function serveCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, serveSpec, 'serve');
  // A line per request: written in the background, not one blocking write each.
  const { config, log } = commandContext(values.json ? { ...io, env: { ...io.env, PARETO_LOG_FORMAT: 'json' } } : io, {
    ...values,
    bufferedLog: true,
  });
  const settings = config.router;
  const host = values.host ?? '127.0.0.1';
  const port = intFlag(values.port, '--port', 65_535) ?? 8080;
  if (settings.routerKeys.length > 0 && config.openRouterApiKey === undefined) {
    throw new ParetoError(
      'config',
      'PARETO_ROUTER_KEYS is set but OPENROUTER_API_KEY is not: router-key clients are served with the server key',
      { hint: 'set OPENROUTER_API_KEY, or unset PARETO_ROUTER_KEYS to pass client keys through' },
    );
  }
  const asked = values.workers === undefined ? settings.workers : workerCount(values.workers, '--workers');
  const workers = asked === 'auto' ? os.availableParallelism() : asked;
  const redisUrl = values.redis ?? settings.redisUrl;
  if (workers > 1 && redisUrl === undefined) {
    const named = values.workers !== undefined ? `--workers ${values.workers}` : `PARETO_WORKERS=${io.env.PARETO_WORKERS}`;
    const what = asked === 'auto' ? `${named} (${workers} workers here)` : named;
    throw new ParetoError('usage', `${what} needs a Redis to share sticky sessions between the workers`, {
      hint: 'add --redis redis://HOST:6379 (or set PARETO_REDIS_URL), or run one worker',
    });
  }
  if (workers > 1 && cluster.isPrimary) {
    return runPrimary({
      workers,
      exec: path.join(packageRoot(), 'bin', 'pareto.js'),
      args: ['serve', ...argv],
      env: io.env,
      log,
      shutdownGraceMs: settings.shutdownGraceMs,
      onListening: (a) => io.stdout(`listening on http://${a.addressType === 6 ? `[${a.address}]` : a.address}:${a.port}\n`),
    });
  }
  const one = { io, shortlist: values.shortlist, config, log, host, port, redisUrl };
  if (!cluster.isWorker) return serveOne(one, null);
  // A worker of `--workers N`: the primary prints the listening line and joins the metrics.
  const link = joinCluster();
  try {
    return await serveOne(one, link);
  } finally {
    link.leave();
  }
}

interface One {
  readonly io: Io;
  /** --shortlist: a file or URL; default the latest published. */
  readonly shortlist: string | undefined;
  readonly config: ReturnType<typeof commandContext>['config'];
  readonly log: ReturnType<typeof commandContext>['log'];
  readonly host: string;
  readonly port: number;
  readonly redisUrl: string | undefined;
}

/** One router process: the whole router, or one worker of several. */
async function serveOne({ io, shortlist, config, log, host, port, redisUrl }: One, link: ClusterLink | null): Promise<number> {
  const settings = config.router;
  const source = shortlist ?? latestFile(config.shortlistsDir);
  const watcher = await watchShortlist(source, {
    intervalMs: settings.reloadIntervalMs,
    redact: config.redact,
    onUpdate: (next, previous) =>
      log.info(`shortlist v${next.version} in use (was v${previous.version}); requests in flight keep the version they started with`),
    onError: (error) => log.warn(`shortlist not reloaded, v${watcher.current().version} keeps serving: ${error.describe()}`),
    onRecovered: (failed) => log.info(`shortlist source ${config.redact(source)} answers again, after ${failed} failed check(s)`),
  });
  // The report at `/` takes its diff and history from the versions beside a local shortlist file.
  const reportDir = isShortlistUrl(source) ? null : path.dirname(path.resolve(io.cwd, source));
  const report = (s: Parameters<typeof buildShortlistReport>[1]) => buildShortlistReport(reportDir, s).html;
  const sticky = await loadStickyStore(redisUrl, settings.stickyTtlMs, log);
  const app = createRouterApp({
    settings,
    openRouterBaseUrl: config.openRouterBaseUrl,
    serverKey: config.openRouterApiKey,
    shortlist: watcher,
    store: sticky.store,
    ...(sticky.health ? { storeHealth: sticky.health } : {}),
    log,
    host,
    report,
    ...(link ? { clusterMetrics: link.metrics } : {}),
  });
  link?.answerWith(() => app.collectMetrics());
  const address = await app.listen(port).catch(async (error: unknown) => {
    // What was started for the server goes, or the watcher's timer and a Redis client still
    // reconnecting would keep the process from exiting with its error.
    watcher.stop();
    await app.shutdown(0);
    await sticky.close();
    throw listenError(error, host, port);
  });
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log.info(
    `serving shortlist v${watcher.current().version} from ${config.redact(source)}; sticky store: ${sticky.health ? 'redis' : 'memory'}`,
  );
  const credentials = credentialMode({
    routerKeys: settings.routerKeys,
    serverKey: config.openRouterApiKey,
    loopbackOnly: isLoopbackAddress(host),
  });
  if (credentials.warn) log.warn(credentials.message);
  else log.info(credentials.message);
  if (!link) io.stdout(`listening on http://${shown}:${address.port}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info(`${signal}: not accepting new requests; waiting up to ${settings.shutdownGraceMs} ms for ${app.inFlight} in flight`);
  watcher.stop();
  const { dropped } = await app.shutdown(settings.shutdownGraceMs);
  await sticky.close();
  log.info(
    dropped === 0 ? 'stopped; every request in flight finished' : `stopped; ${dropped} request(s) still in flight were cut at the deadline`,
  );
  return 0;
}
