import { spawn, type ChildProcess } from 'node:child_process';
import { reapAtEnd } from './reap.js';
import { BIN } from './run-cli.js';

/** A real `pareto serve` process on a free port, resolved once it prints its listening line. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  /** Resolves when stderr matches (checked on every chunk, never by sleeping). */
  logged(pattern: RegExp): Promise<void>;
  readonly exit: Promise<number | null>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export function startServe(options: { cwd: string; args?: readonly string[]; env?: Record<string, string> }): Promise<ServeProcess> {
  const child = reapAtEnd(
    spawn(process.execPath, [BIN, 'serve', '--port', '0', ...(options.args ?? [])], {
      cwd: options.cwd,
      // A clean environment: no keys or base URLs leak in from the machine running the tests.
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const logged = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(stderr)) return;
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      check();
    });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout);
      if (match) {
        resolve({ child, url: match[1]!, stderr: () => stderr, logged, exit, stop: () => (child.kill('SIGTERM'), exit) });
      }
    });
    void exit.then((code) => reject(new Error(`pareto serve exited with ${code} before listening: ${stderr}`)));
  });
}
