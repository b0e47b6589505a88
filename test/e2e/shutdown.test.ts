import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { BIN } from '../support/run-cli.js';

/**
 * OpenRouter on loopback that never answers /models. With the default 30 s timeout and 3
 * retries a stop that only stopped waiting would leave the process making requests for about
 * two minutes; a stop must abort the request and exit at once.
 */
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer((req) => (req.path === '/api/v1/models' ? { hang: true } : undefined));
});
afterAll(() => server.close());

const modelRequests = () => server.requests.filter((r) => r.path === '/api/v1/models').length;

async function stopWhileFetching(args: string[], signal: NodeJS.Signals) {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'pareto-stop-'));
  const before = modelRequests();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, OPENROUTER_BASE_URL: `${server.baseUrl}/api/v1` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    const check = setInterval(() => modelRequests() > before && (clearInterval(check), resolve()), 20);
  });
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

const INTERRUPTED = { status: 'failed', error: 'interrupted: the run was stopped before it finished; nothing was stored\n  hint: run the sync again' };

describe('stopping while a request hangs', () => {
  it.each([
    ['jobs start', ['jobs', 'start', '--run-now'], 'SIGTERM', 0],
    ['sync', ['sync', '--source', 'openrouter-models'], 'SIGINT', 130],
  ] as const)('%s, stopped while fetching: aborts the request and exits at once with its code, the run rolled back, no lease left', async (_, args, signal, exitCode) => {
    const result = await stopWhileFetching([...args], signal);
    expect(result.code, result.stderr).toBe(exitCode);
    expect(result.exitMs).toBeLessThan(3000);
    expect(result.requests).toBe(1);
    expect(result.runs).toEqual([INTERRUPTED]);
    expect(result.observations).toEqual({ n: 0 });
    expect(result.leases).toEqual([]);
  });
});
