import cluster, { type Address, type Worker } from 'node:cluster';
import type { Logger } from '../util/log.js';
import type { MetricFamily } from './metrics.js';
import { mergeFamilies } from './metrics-merge.js';

/**
 * `pareto serve --workers N`: one router process per core behind one port (node:cluster). The
 * primary only forks, watches and relays: it accepts connections and hands them to the workers
 * in turn, and each worker is a whole router (its own shortlist watcher, upstream pool and
 * Redis client). Pins are shared through Redis, so any worker may serve a session's next request.
 *
 * The primary also joins the workers' metrics: a scrape lands on one worker, which asks the
 * primary, which asks every worker for its families and answers with their sum.
 */
type FromWorker =
  | { readonly t: 'pareto:scrape'; readonly id: number }
  | { readonly t: 'pareto:families'; readonly id: number; readonly families: MetricFamily[] };
type ToWorker =
  | { readonly t: 'pareto:collect'; readonly id: number }
  | { readonly t: 'pareto:scraped'; readonly id: number; readonly families: MetricFamily[] };

/** How long a scrape waits for the workers; one that has not answered by then is left out (and counted). */
const COLLECT_TIMEOUT_MS = 2_000;
/** A worker's wait for the primary's sum: the collection's own wait and some. */
const SCRAPE_TIMEOUT_MS = COLLECT_TIMEOUT_MS + 1_000;
/** Past the shutdown grace, the time a worker gets to close its store and exit before it is killed. */
const EXIT_MARGIN_MS = 5_000;

export interface PrimaryOptions {
  readonly workers: number;
  /** The CLI entry and the arguments a worker runs (`serve` and the same flags). */
  readonly exec: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly shutdownGraceMs: number;
  /** Called once, when every worker accepts connections. */
  readonly onListening: (address: Address) => void;
}

/**
 * Runs the primary until SIGTERM or SIGINT (exit code 0 when every worker drained and exited
 * cleanly) or until a worker fails to start (its exit code, the others stopped). A worker that
 * dies after it started is replaced.
 */
export async function runPrimary(o: PrimaryOptions): Promise<number> {
  cluster.setupPrimary({ exec: o.exec, args: [...o.args] });
  const live = new Set<Worker>();
  let serving = false;
  let stopping = false;
  let collectId = 0;
  const pending = new Map<number, { waiting: Set<Worker>; answered: (from: Worker, families: MetricFamily[]) => void }>();
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  /** Starts a worker; resolves with its address once it listens, or its exit code if it ends first. */
  function fork(): Promise<{ readonly address: Address } | { readonly exitCode: number }> {
    const worker = cluster.fork(o.env);
    live.add(worker);
    worker.on('message', (m: FromWorker) => onMessage(worker, m));
    return new Promise((resolve) => {
      worker.once('listening', (address: Address) => resolve({ address }));
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        for (const p of pending.values()) p.answered(worker, []);
        resolve({ exitCode: code ?? 1 });
        if (serving && !stopping) void replace(worker, signal ?? `code ${code}`);
      });
    });
  }

  async function replace(dead: Worker, how: string): Promise<void> {
    o.log.warn(`worker ${dead.process.pid} exited (${how}); starting another`);
    const next = await fork();
    if ('exitCode' in next && !stopping) {
      o.log.warn('the replacement worker exited before it accepted connections; stopping the router');
      void stop(1);
    }
  }

  function onMessage(from: Worker, m: FromWorker): void {
    if (m.t === 'pareto:scrape')
      void collect().then((families) => {
        if (from.isConnected()) from.send({ t: 'pareto:scraped', id: m.id, families } satisfies ToWorker);
      });
    else if (m.t === 'pareto:families') pending.get(m.id)?.answered(from, m.families);
  }

  /** Every live worker's families, summed, with how many workers answered in time. */
  function collect(): Promise<MetricFamily[]> {
    const id = ++collectId;
    const waiting = new Set([...live].filter((w) => w.isConnected()));
    const reported: MetricFamily[][] = [];
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(id);
        resolve([...mergeFamilies(reported), workersFamily(o.workers, reported.length)]);
      };
      const timer = setTimeout(done, COLLECT_TIMEOUT_MS);
      // A worker that exits mid-scrape answers nothing: it is only no longer waited for.
      const answered = (from: Worker, families: MetricFamily[]) => {
        if (!waiting.delete(from)) return;
        if (families.length > 0) reported.push(families);
        if (waiting.size === 0) done();
      };
      pending.set(id, { waiting, answered });
      for (const w of waiting) w.send({ t: 'pareto:collect', id } satisfies ToWorker);
      if (waiting.size === 0) done();
    });
  }

  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    const exits = [...live].map((w) => new Promise<number | null>((resolve) => w.once('exit', (c) => resolve(c))));
    for (const w of live) w.process.kill('SIGTERM');
    // A worker drains for up to the grace period; one still there well past it is stuck.
    const killer = setTimeout(() => {
      for (const w of live) w.process.kill('SIGKILL');
    }, o.shutdownGraceMs + EXIT_MARGIN_MS);
    const codes = await Promise.all(exits);
    clearTimeout(killer);
    finish(code !== 0 ? code : codes.every((c) => c === 0) ? 0 : 1);
  }

  const onSignal = (signal: NodeJS.Signals) => {
    o.log.info(`${signal}: stopping ${live.size} worker(s); each lets its requests in flight finish`);
    void stop(0);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    // The first alone, so a bad flag or shortlist is reported once, not once per worker.
    const first = await fork();
    if (stopping) return await finished;
    if ('exitCode' in first) return first.exitCode === 0 ? 1 : first.exitCode;
    const rest = await Promise.all(Array.from({ length: o.workers - 1 }, fork));
    if (rest.some((r) => 'exitCode' in r)) {
      o.log.warn('a worker exited before it accepted connections; stopping the router');
      void stop(1);
      return await finished;
    }
    serving = true;
    o.log.info(`${o.workers} workers serving; pins are shared through Redis`);
    o.onListening(first.address);
    return await finished;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function workersFamily(configured: number, reporting: number): MetricFamily {
  return {
    name: 'pareto_workers',
    type: 'gauge',
    help: 'Worker processes of this router: configured, and those whose figures this scrape adds up',
    merge: 'sum',
    samples: [
      ['{state="configured"}', configured],
      ['{state="reporting"}', reporting],
    ],
  };
}

/** A worker's side of the cluster (joinCluster). */
export interface ClusterLink {
  /** The whole router's families: this worker asks the primary, which asks every worker. */
  metrics(): Promise<readonly MetricFamily[]>;
  /** What this worker reports when asked; until it is set (the router still starting), nothing. */
  answerWith(collect: () => MetricFamily[]): void;
  /** Closes the channel, so the worker exits once its server has; the primary reads that exit as planned. */
  leave(): void;
}

export function joinCluster(): ClusterLink {
  let scrapeId = 0;
  let collect: () => MetricFamily[] = () => [];
  const waiting = new Map<number, (families: MetricFamily[]) => void>();
  const onMessage = (m: ToWorker) => {
    if (m.t === 'pareto:collect') process.send?.({ t: 'pareto:families', id: m.id, families: collect() } satisfies FromWorker);
    else if (m.t === 'pareto:scraped') waiting.get(m.id)?.(m.families);
  };
  process.on('message', onMessage);
  return {
    metrics: () =>
      new Promise((resolve, reject) => {
        const id = ++scrapeId;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the primary process did not answer within ${SCRAPE_TIMEOUT_MS} ms`));
        }, SCRAPE_TIMEOUT_MS);
        waiting.set(id, (families) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(families);
        });
        process.send?.({ t: 'pareto:scrape', id } satisfies FromWorker);
      }),
    answerWith: (c) => void (collect = c),
    leave: () => {
      process.off('message', onMessage);
      if (cluster.worker?.isConnected()) cluster.worker.disconnect();
    },
  };
}
