import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const BIN = path.join(packageRoot(), 'bin', 'pareto.js');

/**
 * Runs the real `pareto` binary (the compiled CLI, as `npm install` builds it) in a child
 * process. Asynchronous on purpose: tests serve fixtures from this process while it runs.
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; signalAfterMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      // A clean environment: no keys or base URLs leak in from the machine running the tests.
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.signalAfterMs !== undefined) setTimeout(() => child.kill('SIGINT'), options.signalAfterMs);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the binary with a stdout whose reader goes away, like `pareto … | head -1`: `start` closes
 * it before the command writes anything (every write fails with EPIPE), `first-chunk` after the
 * first bytes arrive.
 */
export function runCliClosingStdout(
  args: readonly string[],
  options: { cwd: string; close: 'start' | 'first-chunk'; env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (options.close === 'start') child.stdout.destroy();
    else child.stdout.once('data', (chunk: Buffer) => ((stdout = chunk.toString()), child.stdout.destroy()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
