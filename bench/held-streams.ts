/**
 * Memory of answers in flight: what the router keeps per open stream when each request carries
 * an agent-sized body (40 messages, 392 KB), for a router model and for a passed-through one.
 * Each case runs in a process of its own started with --expose-gc (this script starts itself
 * once per case), router and client together, so the figure is live memory after a full
 * collection and one case leaves nothing in the other's baseline; the upstream is the fake in
 * a process of its own, holding every stream open after its first events. The client's side
 * of each connection is counted too, so the router's own share is a little less.
 *
 *   npm run bench:held-streams
 *
 * BENCH_STREAMS sets how many streams are held at once (default 200).
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'undici';
import { createRouterApp } from '../src/router/app.js';
import { parseRouterSettings } from '../src/router/settings.js';
import { silentLogger } from '../src/util/log.js';
import { packageRoot } from '../src/util/package-root.js';
import { artifact } from '../test/support/diff-fixtures.js';

const CASES = [
  ['router model (pareto-code)', 'pareto-code'],
  ['pass-through (b/beta)', 'b/beta'],
] as const;
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;
const only = process.argv[2];
if (gc === undefined || only === undefined) {
  console.log(`answers in flight — node ${process.version}, ${STREAMS} streams held open at once, each after its first event:`);
  for (const [, model] of CASES) execFileSync(process.execPath, ['--expose-gc', process.argv[1]!, model], { stdio: 'inherit' });
  process.exit(0);
}

const upstream = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'bench', 'fake-upstream.js'), '20', 'stall'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = await new Promise<string>((resolve) => {
  let seen = '';
  upstream.stdout!.on('data', (c: Buffer) => {
    const m = /fake upstream on (\S+)/.exec((seen += c.toString()));
    if (m) resolve(m[1]!);
  });
});
const shortlist = artifact();
const app = createRouterApp({
  settings: parseRouterSettings({ PARETO_IDLE_TIMEOUT_MS: '600000', PARETO_FIRST_BYTE_TIMEOUT_MS: '60000' }),
  openRouterBaseUrl: baseUrl,
  serverKey: 'sk-or-bench',
  shortlist: { current: () => shortlist },
  log: silentLogger,
  host: '127.0.0.1',
});
const { port } = await app.listen(0);
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: STREAMS });

/** heapUsed + arrayBuffers after two full collections, in bytes. */
function live(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function held(model: string): Promise<{ bodyBytes: number; perStream: number }> {
  // One buffer for every request, so the client's copy is in the baseline once.
  const body = Buffer.from(
    JSON.stringify({
      model,
      stream: true,
      messages: Array.from({ length: 40 }, (_, i) => ({
        role: i % 2 ? 'assistant' : 'user',
        content: `turn ${i} `.padEnd(10_000, 'lorem ipsum dolor sit amet '),
      })),
      tools: [],
    }),
  );
  const before = live();
  const open = await Promise.all(
    Array.from({ length: STREAMS }, async () => {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const first = await (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]().next();
      if (res.statusCode !== 200 || first.done) throw new Error(`${model}: status ${res.statusCode}`);
      return res;
    }),
  );
  const perStream = (live() - before) / STREAMS;
  for (const res of open) res.body.destroy();
  return { bodyBytes: body.length, perStream };
}

const label = CASES.find(([, model]) => model === only)?.[0] ?? only;
const { bodyBytes, perStream } = await held(only);
console.log(
  `  ${label.padEnd(28)} ${Math.round(bodyBytes / 1024)} KB bodies: ${Math.round(perStream / 1024)} KB live per stream (heap + buffers, after a full GC)`,
);
await app.shutdown(0);
await pool.close();
upstream.kill('SIGTERM');
