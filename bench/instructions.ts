/**
 * The router's CPU work per request as a count of instructions, which does not move with the
 * rest of the machine the way timings do: the real `pareto serve` process and the bare proxy
 * (bench/bare-proxy.ts, the floor of the router's stack) each run under valgrind's callgrind in
 * front of the loopback fake OpenRouter, get warmed up uninstrumented until the JIT has settled,
 * then serve N small JSON requests one at a time with instrumentation on.
 *
 *   npm run bench:instructions        (needs valgrind: apt-get install valgrind)
 *
 * The count is user-space instructions (the kernel's share of a request is not in it), and
 * counts of the same build agree within a few per cent between runs (JIT and GC timing).
 * BENCH_ROUTER_BIN (another checkout's bin/pareto.js) counts that build instead of this one;
 * BENCH_BASELINE_BIN counts that build as well, and prints this one's difference from it.
 * BENCH_REQUESTS and BENCH_WARMUP set the counts.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { packageRoot } from '../src/util/package-root.js';
import { benchRouter } from './bench-router.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 12_000);

if (spawnSync('valgrind', ['--version']).error) {
  console.error('valgrind is not installed: apt-get install valgrind, then run this again');
  process.exit(2);
}

function start(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: Buffer) => {
      const m = ready.exec((seen += c.toString()));
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
}

const root = packageRoot();
const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-instructions-'));
const upstream = await start(process.execPath, [path.join(root, 'dist', 'bench', 'fake-upstream.js'), '20'], /fake upstream on (\S+)/);

/** Instructions per request of one proxy process under callgrind. */
async function count(label: string, args: string[], env: NodeJS.ProcessEnv, model: string): Promise<number> {
  const out = path.join(dir, `${label.replace(/\W+/g, '-')}.callgrind`);
  const proxy = await start(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${out}`, process.execPath, ...args],
    /(?:listening on|bare proxy on) (\S+)/,
    env,
  );
  const pool = new Pool(proxy.url, { connections: 1 });
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'write a test' }] });
  const serve = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${label}: status ${res.statusCode}`);
    }
  };
  await serve(WARMUP);
  const pid = String(proxy.child.pid);
  execFileSync('callgrind_control', ['--instr=on', pid], { stdio: 'ignore' });
  await serve(REQUESTS);
  execFileSync('callgrind_control', ['--instr=off', pid], { stdio: 'ignore' });
  execFileSync('callgrind_control', ['--dump', pid], { stdio: 'ignore' });
  await pool.close();
  proxy.child.kill('SIGKILL');
  const annotated = execFileSync('callgrind_annotate', [`${out}.1`], { maxBuffer: 1 << 28 }).toString();
  const total = /([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS/.exec(annotated);
  if (!total) throw new Error(`${label}: no total in callgrind's dump`);
  return Number(total[1]!.replace(/,/g, '')) / REQUESTS;
}

const served = benchRouter(dir, upstream.url);
const router = await count('router', served.args, served.env, 'pareto-code');
const baselineBin = process.env.BENCH_BASELINE_BIN;
const baseline = baselineBin
  ? await (() => {
      const command = benchRouter(dir, upstream.url, baselineBin);
      return count('baseline router', command.args, command.env, 'pareto-code');
    })()
  : null;
const bare = await count('bare proxy', [path.join(root, 'dist', 'bench', 'bare-proxy.js'), upstream.url], {}, 'b/beta');
upstream.child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
console.log(`instructions per small JSON request (user space, callgrind, ${REQUESTS} requests after ${WARMUP} to warm up):`);
console.log(
  `  router ${k(router)}, bare proxy ${k(bare)}: the router's own work is ${k(router - bare)}, ${(router / bare).toFixed(2)}× the floor`,
);
if (baseline !== null)
  console.log(
    `  baseline router (${baselineBin}) ${k(baseline)}: this build does ${router >= baseline ? '+' : '−'}${k(Math.abs(router - baseline))} (${((100 * router) / baseline - 100).toFixed(1)}%)`,
  );
