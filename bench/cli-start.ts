/**
 * CLI start-up benchmark: how long `pareto --help`, `--version` and `resolve` (from a published
 * file) take as whole processes, next to `node -e 0` (the floor no CLI can beat).
 *
 *   npm run bench:cli                       this checkout's bin/pareto.js
 *   node dist/bench/cli-start.js OTHER/bin/pareto.js   another build, for a before → after
 *
 * Each case runs a few times to warm the file cache, then RUNS times in a plain loop; the median
 * wall time is printed (hyperfine gives the same figures, but this needs nothing installed).
 * The shortlist comes from `update --sample` in a temporary folder, made once before timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/util/package-root.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARMUP = 3;

const bin = path.resolve(process.argv[2] ?? path.join(packageRoot(), 'bin', 'pareto.js'));
const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-bench-cli-'));
const env = { PATH: process.env.PATH ?? '', HOME: cwd };

function run(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

function median(args: readonly string[]): number {
  for (let i = 0; i < WARMUP; i++) run(args);
  const times = Array.from({ length: RUNS }, () => run(args)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

try {
  run([bin, 'update', '--sample']);
  const floor = median(['-e', '0']);
  const cases: Array<[string, string[]]> = [
    ['--help', [bin, '--help']],
    ['--version', [bin, '--version']],
    ['resolve', [bin, 'resolve']],
    ['resolve --json', [bin, 'resolve', '--json']],
  ];
  console.log(`${bin}\nmedian of ${RUNS} runs (ms), Node ${process.version}, ${os.cpus().length} cores`);
  console.log(`${'node -e 0'.padEnd(16)} ${floor.toFixed(0).padStart(6)}`);
  for (const [label, args] of cases) {
    let ms: number;
    try {
      ms = median(args);
    } catch (error) {
      console.log(`${label.padEnd(16)}  failed: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    console.log(`${label.padEnd(16)} ${ms.toFixed(0).padStart(6)}   (+${(ms - floor).toFixed(0)} over node -e 0)`);
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
