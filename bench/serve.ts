/**
 * Router benchmark: the real `pareto serve` process in front of the loopback fake OpenRouter,
 * against the same fake called directly and through three references that place the router's
 * figures: a byte pipe (bench/byte-pipe.ts: no HTTP at all, the cost of the hop itself), nginx
 * when it is installed (bench/nginx-reference.ts: a lean proxy in C), and a bare proxy
 * (bench/bare-proxy.ts: node:http in, undici dispatch out, nothing else: the floor of the router's own
 * stack). Client, proxies and fake are separate processes, as in a deployment.
 *
 *   npm run bench:serve
 *
 * Latency: after every path has served 3,000 small, 3,000 streamed and 300 large requests to warm
 * up, requests one at a time, each proxy in rounds of its own with direct, the two alternating
 * (so load drifts hit both alike) in an order turned every request; per round the median (and
 * p99) of each, then the median over rounds of (proxy − direct), as published gateway benchmarks
 * report added latency. BENCH_INTERLEAVE=all puts every path in the same rounds instead.
 * Throughput: 50 concurrent connections, the paths in interleaved rounds, median of each; with it
 * the CPU each proxy spends per request, for small JSON and for 20-chunk streams.
 * Memory: the router's RSS after 100k requests with 100k distinct session ids (every one pinned
 * in the in-memory store).
 *
 * BENCH_SERVE_ARGS adds `pareto serve` flags (`--workers 2 --redis redis://127.0.0.1:6379` measures
 * a router of two workers: its CPU and RSS are then the primary's and the workers' together).
 * BENCH_ROUNDS and BENCH_ROUTER_FLAGS (node flags for the router, e.g. --cpu-prof) are for
 * profiling runs; BENCH_ROUTER_BIN (another checkout's bin/pareto.js) measures that build's
 * router on the same harness. BENCH_BASELINE_BIN runs another build's router beside this one,
 * as one more column of the same interleaved rounds: the before/after to trust on a machine
 * whose load moves between runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { packageRoot } from '../src/util/package-root.js';
import { benchRouter } from './bench-router.js';
import { startNginx } from './nginx-reference.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PER_ROUND = 200;
const routerFlags = (process.env.BENCH_ROUTER_FLAGS ?? '').split(' ').filter(Boolean);
const serveArgs = (process.env.BENCH_SERVE_ARGS ?? '').split(' ').filter(Boolean);

/** Starts a node process and resolves with the first match of `ready` on its stdout. */
function start(
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv,
  stderr: 'inherit' | 'ignore',
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', stderr] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: Buffer) => {
      seen += c.toString();
      const m = ready.exec(seen);
      if (m) resolve({ child, match: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
}

const root = packageRoot();
const upstream = await start([path.join(root, 'dist', 'bench', 'fake-upstream.js'), '20'], /fake upstream on (\S+)/, {}, 'inherit');
const fakeBaseUrl = upstream.match;
const bare = await start([path.join(root, 'dist', 'bench', 'bare-proxy.js'), fakeBaseUrl], /bare proxy on (\S+)/, {}, 'inherit');
const pipe = await start([path.join(root, 'dist', 'bench', 'byte-pipe.js'), fakeBaseUrl], /byte pipe on (\S+)/, {}, 'inherit');
const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-serve-'));
const nginx = await startNginx(new URL(fakeBaseUrl), dir);
if (!nginx) console.error('nginx is not installed: its reference column is left out (apt-get install nginx-light to see it)');
const routerCommand = benchRouter(dir, fakeBaseUrl);
const served = await start(
  [...routerFlags, ...routerCommand.args, ...serveArgs],
  /listening on (\S+)/,
  routerCommand.env,
  'ignore', // one log line per request
);
const router = served.child;
const baselineBin = process.env.BENCH_BASELINE_BIN;
const baselineDir = baselineBin ? mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-baseline-')) : null;
const baseline =
  baselineBin && baselineDir
    ? await (() => {
        const command = benchRouter(baselineDir, fakeBaseUrl, baselineBin);
        return start([...routerFlags, ...command.args, ...serveArgs], /listening on (\S+)/, command.env, 'ignore');
      })()
    : null;

interface Path {
  readonly name: string;
  readonly pool: Pool;
  readonly pathname: string;
  /** The proxy's process, for its CPU per request; none for direct. */
  readonly pid?: number;
  /** The request body as this path wants it: the router is asked for its router model. */
  body(body: string): string;
}
const asIs = (body: string) => body;
const as = (name: string, url: string, pid?: number): Path => ({
  name,
  pool: new Pool(new URL(url).origin, { connections: 64 }),
  pathname: '/api/v1/chat/completions',
  pid,
  body: asIs,
});
const ROUTER: Path = {
  name: 'router',
  pool: new Pool(served.match, { connections: 64 }),
  pathname: '/v1/chat/completions',
  pid: router.pid!,
  body: (body) => body.replace('"model":"b/beta"', '"model":"pareto-code"'),
};
const BARE: Path = { ...as('bare proxy', bare.match, bare.child.pid!), pathname: '/v1/chat/completions' };
const BASELINE: Path | null = baseline
  ? { ...ROUTER, name: 'baseline', pool: new Pool(baseline.match, { connections: 64 }), pid: baseline.child.pid! }
  : null;
/** Direct first (what the others are measured against), then the router, its baseline build and the references. */
const PATHS: readonly Path[] = [
  as('direct', fakeBaseUrl),
  ROUTER,
  ...(BASELINE ? [BASELINE] : []),
  BARE,
  ...(nginx ? [as('nginx', nginx.url, nginx.pid)] : []),
  as('byte pipe', pipe.match, pipe.child.pid!),
];
const ROUTER_AT = PATHS.indexOf(ROUTER);
const BARE_AT = PATHS.indexOf(BARE);
const small = JSON.stringify({ model: 'b/beta', messages: [{ role: 'user', content: 'write a test' }] });

/**
 * One request; ms to the first body byte, to the first SSE data event (what a client's SDK acts
 * on: the router holds the answer until then, so for it the two are one) and to the end.
 */
async function once(
  route: Path,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ first: number; data: number; last: number }> {
  const start = process.hrtime.bigint();
  const res = await route.pool.request({
    path: route.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  let first = -1;
  let data = -1;
  let seen = '';
  const sse = String(res.headers['content-type']).startsWith('text/event-stream');
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    const at = Number(process.hrtime.bigint() - start) / 1e6;
    if (first < 0) first = at;
    if (sse && data < 0 && (seen += chunk.toString()).includes('data:')) data = at;
  }
  if (res.statusCode !== 200) throw new Error(`${route.name}: status ${res.statusCode}`);
  return { first, data, last: Number(process.hrtime.bigint() - start) / 1e6 };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: number[]) => quantile(xs, 0.5);

interface Added {
  readonly label: string;
  readonly directP50: number;
  /** Per path (as PATHS; 0 for direct), the median over rounds of (path − direct). */
  readonly p50: number[];
  readonly p99: number[];
}

/**
 * The paths measured in the same rounds: by default each proxy with direct alone, the "direct vs
 * through the proxy" of published gateway benchmarks, so no other proxy's process runs between
 * two of its requests; BENCH_INTERLEAVE=all puts every path in one set of rounds.
 */
const LATENCY_GROUPS: ReadonlyArray<readonly Path[]> =
  process.env.BENCH_INTERLEAVE === 'all' ? [PATHS] : PATHS.slice(1).map((route) => [PATHS[0]!, route]);

/**
 * Rounds of interleaved requests, one per path of a group in turn; per round each path's median
 * (and p99) minus direct's in the same group; then the median over rounds.
 */
async function added(label: string, body: string, pick: 'first' | 'data' | 'last'): Promise<Added> {
  const rounds: Array<{ p50: number[]; p99: number[]; direct: number }> = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const p50 = PATHS.map(() => 0);
    const p99 = PATHS.map(() => 0);
    const direct: number[] = [];
    for (const group of LATENCY_GROUPS) {
      const samples = group.map(() => [] as number[]);
      // The order turns every request, so neither path always follows the other.
      for (let i = 0; i < PER_ROUND; i++)
        for (let n = 0; n < group.length; n++) {
          const j = i % 2 === 0 ? n : group.length - 1 - n;
          samples[j]!.push((await once(group[j]!, group[j]!.body(body)))[pick]);
        }
      direct.push(...samples[0]!);
      for (const [j, route] of group.entries()) {
        const k = PATHS.indexOf(route);
        p50[k] = median(samples[j]!) - median(samples[0]!);
        p99[k] = quantile(samples[j]!, 0.99) - quantile(samples[0]!, 0.99);
      }
    }
    if (round > 0) rounds.push({ p50, p99, direct: median(direct) }); // round 0 warms up
  }
  const over = (stat: 'p50' | 'p99') => PATHS.map((_, k) => median(rounds.map((r) => r[stat][k]!)));
  return { label, directP50: median(rounds.map((r) => r.direct)), p50: over('p50'), p99: over('p99') };
}

async function requestsPerSecond(route: Path, total: number, body: string): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < total) await once(route, route.body(body));
    }),
  );
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** A process and its child processes (a router's workers), from /proc (Linux). */
function family(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return [pid, ...children];
}

/** CPU seconds (user + system) a process and its children have used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of family(pid)) {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime in clock ticks (USER_HZ 100)
  }
  return ticks / 100;
}

/**
 * Interleaved rounds at 50 connections; per path the median requests per second and, for the
 * proxies, the median CPU their process spent per request.
 */
async function throughput(rounds: number, perRound: number, body: string): Promise<{ rps: number[]; cpuUs: number[] }> {
  const rps = PATHS.map(() => [] as number[]);
  const cpu = PATHS.map(() => [] as number[]);
  for (let round = 0; round < rounds + 1; round++)
    for (const [k, route] of PATHS.entries()) {
      const before = route.pid ? cpuSeconds(route.pid) : 0;
      const rate = await requestsPerSecond(route, perRound, body);
      if (round === 0) continue;
      rps[k]!.push(rate);
      if (route.pid) cpu[k]!.push(((cpuSeconds(route.pid) - before) / perRound) * 1e6);
    }
  return { rps: rps.map((xs) => median(xs)), cpuUs: cpu.map((xs) => (xs.length ? median(xs) : NaN)) };
}

/**
 * The machine's CPU time so far, and the part of it the hypervisor gave to other guests (steal),
 * from /proc/stat (Linux; 'unknown' elsewhere). On a shared VM stolen time lands on whichever
 * process was running, proxy or not, so a run with much of it has a long tail on every path.
 */
function cpuTicks(): { total: number; steal: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}
const stealSince = (before: { total: number; steal: number }) => {
  const now = cpuTicks();
  const total = now.total - before.total;
  return total > 0 ? `${((100 * (now.steal - before.steal)) / total).toFixed(1)}%` : 'unknown';
};

function rssMb(pid: number): number {
  const rssKb = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? NaN);
  const kb = family(pid).reduce((sum, p) => sum + rssKb(p), 0);
  return kb / 1024;
}

const big = JSON.stringify({
  model: 'b/beta',
  messages: Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: `turn ${i} `.padEnd(10_000, 'lorem ipsum dolor sit amet '),
  })),
  tools: [],
});
const streamed = JSON.stringify({ ...JSON.parse(small), stream: true });
// Every path warmed on every kind of request before anything is measured: the first phase used
// to measure V8 still optimising the router's code (a round 0 of 200 requests is not enough),
// and its p99 was that, not the steady state.
const WARM_UP = [
  [small, 3000],
  [streamed, 3000],
  [big, 300],
] as const;
for (const [body, n] of WARM_UP) for (let i = 0; i < n; i++) for (const route of PATHS) await once(route, route.body(body));
const latencyTicks = cpuTicks();
const results = [
  await added('small JSON body', small, 'last'),
  await added('stream of 20 chunks, first byte', streamed, 'first'),
  await added('stream of 20 chunks, first data event', streamed, 'data'),
  await added('stream of 20 chunks, last byte', streamed, 'last'),
  await added(`${Math.round(big.length / 1024)} KB agent body`, big, 'last'),
];
const latencySteal = stealSince(latencyTicks);
const throughputTicks = cpuTicks();
const measured = await throughput(5, 4000, small);
const throughputSteal = stealSince(throughputTicks);
// Streams cost the proxies more per request (the router watches every event): their CPU too.
const streamCpu = (await throughput(3, 2000, streamed)).cpuUs;
const rssBefore = rssMb(router.pid!);
let sessions = 0;
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (sessions < 100_000) await once(ROUTER, ROUTER.body(small), { 'x-session-id': `bench-session-${sessions++}` });
  }),
);
const rssAfter = rssMb(router.pid!);

const ms = (x: number) => x.toFixed(3);
const proxies = PATHS.slice(1);
console.log(
  `router benchmark — node ${process.version}, ${os.cpus().length} cpu(s), load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} (other work shares this machine); CPU time stolen by the hypervisor: ${latencySteal} during the latency rounds, ${throughputSteal} during throughput`,
);
console.log(
  `added latency over direct, median of ${ROUNDS} round medians (${PER_ROUND} requests per path per round, ${LATENCY_GROUPS.length > 1 ? 'each proxy in rounds of its own with direct' : 'every path in the same rounds'}), in ms:`,
);
console.log(`  ${''.padEnd(38)}${proxies.map((p) => `${`${p.name} p50`.padStart(16)}${'p99'.padStart(7)}`).join('')}   direct p50`);
for (const r of results)
  console.log(
    `  ${r.label.padEnd(38)}${proxies.map((p, i) => `${ms(r.p50[i + 1]!).padStart(16)}${ms(r.p99[i + 1]!).padStart(7)}`).join('')}   ${ms(r.directP50).padStart(10)}`,
  );
const share = (x: number, of: number) => `${((100 * x) / of).toFixed(0)}%`;
const [directRps] = measured.rps as [number];
console.log(
  `throughput, 50 connections (median of 5 interleaved rounds): direct ${Math.round(directRps)}/s, ${proxies
    .map((p, i) => `${p.name} ${Math.round(measured.rps[i + 1]!)}/s (${share(measured.rps[i + 1]!, directRps)})`)
    .join(', ')}; the router does ${share(measured.rps[ROUTER_AT]!, measured.rps[BARE_AT]!)} of the bare proxy`,
);
console.log(
  `CPU per request at 50 connections (user + system, whole process), small JSON / 20-chunk stream: ${proxies
    .map((p, i) => `${p.name} ${measured.cpuUs[i + 1]!.toFixed(0)} / ${streamCpu[i + 1]!.toFixed(0)} µs`)
    .join(', ')}`,
);
console.log(
  `router RSS: ${rssBefore.toFixed(0)} MB after ${WARM_UP.reduce((sum, [, n]) => sum + n, 0) + PER_ROUND * (ROUNDS + 1) * results.length + 6 * 4000 + 4 * 2000} requests; ${rssAfter.toFixed(0)} MB after 100,000 more with 100,000 distinct sessions`,
);
const atRouter = (r: Added) => ({ p50: r.p50[ROUTER_AT]!, p99: r.p99[ROUTER_AT]! });
type AtRouter = ReturnType<typeof atRouter>;
const [json, first, firstData, last, large] = results.map(atRouter) as [AtRouter, AtRouter, AtRouter, AtRouter, AtRouter];
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
  `targets: small p50 ≤ 0.25 ms ${met(json.p50 <= 0.25)}, p99 ≤ 1 ms ${met(json.p99 <= 1)}; stream p50 ≤ 0.3 ms ${met(first.p50 <= 0.3 && last.p50 <= 0.3)} (to the first data event and the last byte: ${met(firstData.p50 <= 0.3 && last.p50 <= 0.3)}); 400 KB p50 ≤ 1.5 ms ${met(large.p50 <= 1.5)}; throughput ≥ 50% of direct ${met(measured.rps[ROUTER_AT]! >= directRps / 2)}`,
);
router.kill('SIGTERM');
baseline?.child.kill('SIGTERM');
if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
bare.child.kill('SIGTERM');
pipe.child.kill('SIGTERM');
nginx?.stop();
await Promise.all(PATHS.map((p) => p.pool.close()));
upstream.child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
