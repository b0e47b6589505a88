import type { ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';

/**
 * Servers a test file started and has not stopped, killed when the file ends: a test that fails
 * or times out before its own clean-up would otherwise leave a `pareto serve` or a
 * `redis-server` running on the machine, holding its port. Registered when a file imports this
 * module, so it runs after that file's own `afterAll` hooks (vitest runs them as a stack).
 */
const live = new Set<ChildProcess>();

afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
});

export function reapAtEnd<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
