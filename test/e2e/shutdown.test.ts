import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { BIN } from '../support/run-cli.js';

/**
 * OpenRouter on loopback: under /hang it never answers /models, under /busy it answers 503 with
 * Retry-After: 30. With a 30 s timeout and 3 retries a stop that only stopped waiting would leave
 * the process making requests for about two minutes, or waiting out the Retry-After; a stop must
 * abort the request or the wait and exit at once.
 */
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer((req) =>
    req.path === '/hang/api/v1/models'
      ? { hang: true }
      : req.path === '/busy/api/v1/models'
        ? { status: 503, body: { error: 'busy' }, headers: { 'retry-after': '30' } }
        : undefined,
  );
});
afterAll(() => server.close());

const modelRequests = () => server.requests.filter((r) => r.path.endsWith('/api/v1/models')).length;

async function stopWhileFetching(args: string[], signal: NodeJS.Signals, openrouter: 'hang' | 'busy') {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-stop-'));
  const before = modelRequests();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      OPENROUTER_BASE_URL: `${server.baseUrl}/${openrouter}/api/v1`,
      PARETO_HTTP_TIMEOUT_MS: '30000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    const check = setInterval(() => modelRequests() > before && (clearInterval(check), resolve()), 20);
  });
  await new Promise((r) => setTimeout(r, 200)); // into the hang, or past the 503 into the wait
  const stoppedAt = Date.now();
  child.kill(signal);
  const code = await closed;
  const exitMs = Date.now() - stoppedAt;
  await new Promise((r) => setTimeout(r, 300)); // room for a retry that should not come
  const db = new Database(path.join(cwd, 'data', 'pareto.db'), { readonly: true });
  try {
    return {
      code,
      exitMs,
      stderr,
      requests: modelRequests() - before,
      runs: db.prepare("select status, error from sync_runs where source = 'openrouter-models'").all(),
      observations: db.prepare('select count(*) as n from openrouter_model_observations').get(),
      leases: db.prepare('select * from leases').all(),
    };
  } finally {
    db.close();
  }
}

const INTERRUPTED = {
  status: 'failed',
  error: 'interrupted: the run was stopped before it finished; nothing was stored\n  hint: run the sync again',
};

describe('stopping while a request hangs or waits to retry', () => {
  it.each([
    ['jobs start, stopped while a request hangs', ['jobs', 'start', '--run-now'], 'SIGTERM', 0, 'hang'],
    ['sync, stopped while a request hangs', ['sync', '--source', 'openrouter-models'], 'SIGINT', 130, 'hang'],
    ['sync, stopped while waiting out a Retry-After', ['sync', '--source', 'openrouter-models'], 'SIGINT', 130, 'busy'],
  ] as const)(
    '%s: aborts it and exits at once with its code, the run rolled back, no lease left',
    async (_, args, signal, exitCode, openrouter) => {
      const result = await stopWhileFetching([...args], signal, openrouter);
      expect(result.code, result.stderr).toBe(exitCode);
      expect(result.exitMs).toBeLessThan(3000);
      expect(result.requests).toBe(1);
      expect(result.runs).toEqual([INTERRUPTED]);
      expect(result.observations).toEqual({ n: 0 });
      expect(result.leases).toEqual([]);
    },
  );
});
