/**
 * Router benchmark: the real `pareto serve` process in front of the loopback fake OpenRouter,
 * against the same fake called directly. Client, router and fake are three processes.
 *
 *   npm run bench:serve
 *
 * Latency: requests one at a time, direct and through the router interleaved within each round
 * (so load drifts hit both alike); per round the median (and p99) of each, then the median over
 * rounds of (router − direct), as published gateway benchmarks report added latency.
 * Throughput: 50 concurrent connections for a fixed number of requests, direct vs router.
 * Memory: the router's RSS after 100k requests with 100k distinct session ids (every one pinned
 * in the in-memory store).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { packageRoot } from '../src/util/package-root.js';
import { artifact } from '../test/support/diff-fixtures.js';

// BENCH_ROUNDS and BENCH_ROUTER_FLAGS (node flags for the router, e.g. --cpu-prof) are for profiling runs.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PER_ROUND = 200;
const routerFlags = (process.env.BENCH_ROUTER_FLAGS ?? '').split(' ').filter(Boolean);

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
const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-serve-'));
writeFileSync(path.join(dir, 'shortlist.json'), JSON.stringify(artifact()));
const served = await start(
  [...routerFlags, path.join(root, 'bin', 'pareto.js'), 'serve', '--port', '0', '--shortlist', path.join(dir, 'shortlist.json')],
  /listening on (\S+)/,
  { HOME: dir, OPENROUTER_BASE_URL: fakeBaseUrl, OPENROUTER_API_KEY: 'sk-or-bench', PARETO_LOG_FORMAT: 'json' },
  'ignore', // one log line per request
);
const router = served.child;
const routerUrl = served.match;

const direct = new Pool(new URL(fakeBaseUrl).origin, { connections: 64 });
const viaRouter = new Pool(routerUrl, { connections: 64 });
const small = JSON.stringify({ model: 'b/beta', messages: [{ role: 'user', content: 'write a test' }] });
const routed = (body: string) => body.replace('"model":"b/beta"', '"model":"pareto-code"');

/** One request; ms to the first body byte and to the end. */
async function once(
  pool: Pool,
  pathname: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ first: number; last: number }> {
  const start = process.hrtime.bigint();
  const res = await pool.request({ path: pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  let first = -1;
  for await (const _chunk of res.body) if (first < 0) first = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  return { first, last: Number(process.hrtime.bigint() - start) / 1e6 };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: number[]) => quantile(xs, 0.5);

/** Interleaved rounds; returns the median over rounds of router − direct for each statistic. */
async function added(
  label: string,
  body: string,
  pick: 'first' | 'last',
): Promise<{ label: string; p50: number; p99: number; directP50: number }> {
  const p50s: number[] = [];
  const p99s: number[] = [];
  const directs: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const d: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < PER_ROUND; i++) {
      d.push((await once(direct, '/api/v1/chat/completions', body))[pick]);
      r.push((await once(viaRouter, '/v1/chat/completions', routed(body)))[pick]);
    }
    if (round === 0) continue; // warm-up
    p50s.push(median(r) - median(d));
    p99s.push(quantile(r, 0.99) - quantile(d, 0.99));
    directs.push(median(d));
  }
  return { label, p50: median(p50s), p99: median(p99s), directP50: median(directs) };
}

async function throughput(pool: Pool, pathname: string, body: string, total: number): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < total) await once(pool, pathname, body);
    }),
  );
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
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
const results = [
  await added('small JSON body', small, 'last'),
  await added('stream of 20 chunks, first byte', JSON.stringify({ ...JSON.parse(small), stream: true }), 'first'),
  await added('stream of 20 chunks, last byte', JSON.stringify({ ...JSON.parse(small), stream: true }), 'last'),
  await added(`${Math.round(big.length / 1024)} KB agent body`, big, 'last'),
];
const directRps = await throughput(direct, '/api/v1/chat/completions', small, 20_000);
const routerRps = await throughput(viaRouter, '/v1/chat/completions', routed(small), 20_000);
const rssBefore = rssMb(router.pid!);
let sessions = 0;
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (sessions < 100_000)
      await once(viaRouter, '/v1/chat/completions', routed(small), { 'x-session-id': `bench-session-${sessions++}` });
  }),
);
const rssAfter = rssMb(router.pid!);

console.log(
  `router benchmark — node ${process.version}, ${os.cpus().length} cpu(s), load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other work shares this machine)`,
);
console.log(`added latency, median of ${ROUNDS} round medians (${PER_ROUND} requests each way per round):`);
for (const r of results)
  console.log(
    `  ${r.label.padEnd(34)} p50 ${r.p50.toFixed(3).padStart(7)} ms   p99 ${r.p99.toFixed(3).padStart(7)} ms   (direct p50 ${r.directP50.toFixed(3)} ms)`,
  );
console.log(
  `throughput, 50 connections: direct ${Math.round(directRps)}/s, through the router ${Math.round(routerRps)}/s (${((100 * routerRps) / directRps).toFixed(0)}% of direct)`,
);
console.log(
  `router RSS: ${rssBefore.toFixed(0)} MB after ${PER_ROUND * (ROUNDS + 1) * 4 + 20_000} requests; ${rssAfter.toFixed(0)} MB after 100,000 more with 100,000 distinct sessions`,
);
const [json, first, last, large] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0], (typeof results)[0]];
console.log(
  `targets: small p50 ≤ 0.25 ms ${json.p50 <= 0.25 ? 'met' : 'NOT met'}, p99 ≤ 1 ms ${json.p99 <= 1 ? 'met' : 'NOT met'}; stream p50 ≤ 0.3 ms ${first.p50 <= 0.3 && last.p50 <= 0.3 ? 'met' : 'NOT met'}; 400 KB p50 ≤ 1.5 ms ${large.p50 <= 1.5 ? 'met' : 'NOT met'}; throughput ≥ 50% ${routerRps >= directRps / 2 ? 'met' : 'NOT met'}`,
);
router.kill('SIGTERM');
await Promise.all([direct.close(), viaRouter.close()]);
upstream.child.kill('SIGTERM');
