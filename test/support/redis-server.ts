import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reapAtEnd } from './reap.js';

/**
 * A real `redis-server` (Debian's) for tests: its own loopback port, no persistence, a temp dir.
 * It can be killed, stalled and restarted on the same port, which is what "Redis went away
 * mid-run" tests need. Readiness is the server's own "Ready to accept connections" log line,
 * never a sleep.
 */
export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` (with the password when one was set). */
  readonly url: string;
  /** SIGKILL and wait for the exit: the abrupt failure a crashed or OOM-killed Redis is. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers (a stalled server). */
  pause(): void;
  resume(): void;
  /** Kills it if it still runs and starts it again on the same port, with the same options. */
  restart(): Promise<void>;
  /** SIGTERM, waits for the exit and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startRedisServer(options: { port?: number; password?: string; binary?: string } = {}): Promise<RedisServer> {
  const binary = options.binary ?? REDIS_SERVER;
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} is missing: the Redis tests need a real server. Install it with \`apt-get install redis-server\` (.ci/run does this on a fresh machine).`,
    );
  }
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'pareto-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | null = await launch(binary, args);
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;

  async function signal(name: NodeJS.Signals): Promise<void> {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // A stalled server ignores SIGTERM until it runs again.
    running.kill('SIGCONT');
    running.kill(name);
    await exited;
  }

  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    kill: () => signal('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    restart: async () => {
      await signal('SIGKILL');
      child = await launch(binary, args);
    },
    stop: async () => {
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the server logs that it accepts connections; rejects with its output if it exits first. */
function launch(binary: string, args: readonly string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = reapAtEnd(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        // Keep draining its output so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output.slice(-2000)}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
