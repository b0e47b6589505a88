/**
 * What stickiness costs a routed request: a Redis store lookup and pin on a local redis-server
 * (Debian's, started here on a free loopback port), beside the in-memory store, and the
 * conversation key of an agent-sized request.
 *
 *   npm run build && node dist/bench/sticky-store.js
 *
 * Latency is per call, one at a time (the router awaits one lookup per request), p50 and p99
 * over 5,000 calls after 500 of warm-up; throughput is 50 callers at once for 20,000 lookups.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryStickinessStore, type StickinessStore } from '../src/resolver/index.js';
import { conversationKey } from '../src/router/conversation-key.js';
import { createRedisStickinessStore } from '../src/router/redis-store.js';

const pin = { model: 'anthropic/claude-sonnet-4.6', effort: 'high', provider: 'Anthropic' };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function timed(count: number, call: (i: number) => unknown): Promise<string> {
  for (let i = 0; i < 500; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await call(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  return `p50 ${percentile(samples, 0.5).toFixed(1)} µs, p99 ${percentile(samples, 0.99).toFixed(1)} µs`;
}

async function throughput(store: StickinessStore, total: number, callers: number): Promise<string> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < total) await store.get(`s${next++ % 1000}`);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return `${Math.round(total / seconds).toLocaleString('en')} lookups/s`;
}

async function redisServer(): Promise<{ url: string; stop(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'pareto-bench-redis-'));
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('Ready to accept connections') && resolve());
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const server = await redisServer();
try {
  const redis = await createRedisStickinessStore({ url: server.url, commandTimeoutMs: 1000 });
  const memory = createMemoryStickinessStore();
  for (let i = 0; i < 1000; i++) {
    await redis.set(`s${i}`, pin);
    memory.set(`s${i}`, pin);
  }
  console.log(`redis get (pinned session):  ${await timed(5000, (i) => redis.get(`s${i % 1000}`))}`);
  console.log(`redis get (unknown session): ${await timed(5000, (i) => redis.get(`none${i}`))}`);
  console.log(`redis set (SET … PX):        ${await timed(5000, (i) => redis.set(`s${i % 1000}`, pin))}`);
  console.log(`memory get:                  ${await timed(5000, (i) => memory.get(`s${i % 1000}`))}`);
  console.log(`redis, 50 callers:           ${await throughput(redis, 20_000, 50)}`);
  await redis.close();

  // An agent's request: a 20 KB system prompt, a 4 KB first user message, 200 later turns.
  const messages = [
    { role: 'system', content: 'You are a coding agent. '.repeat(850) },
    { role: 'user', content: [{ type: 'text', text: 'Fix the failing test in src/router. '.repeat(110) }] },
    ...Array.from({ length: 200 }, (_, i) => ({ role: i % 2 ? 'user' : 'assistant', content: `turn ${i} `.repeat(100) })),
  ];
  console.log(
    `conversationKey (24 KB opening, 202 messages): ${await timed(5000, () => conversationKey({ credential: 'sk-or-v1-bench', routerModel: 'pareto-code', messages }))}`,
  );
} finally {
  server.stop();
}
