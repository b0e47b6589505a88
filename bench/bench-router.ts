import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/util/package-root.js';
import { artifact } from '../test/support/diff-fixtures.js';

/**
 * The `pareto serve` a benchmark measures: this checkout's, or another build's `bin` (its
 * bin/pareto.js; by default BENCH_ROUTER_BIN when set), on a free port, serving the test
 * shortlist written into `dir`, in front of the fake OpenRouter at `upstream`, logging JSON lines.
 */
export function benchRouter(
  dir: string,
  upstream: string,
  bin = process.env.BENCH_ROUTER_BIN ?? path.join(packageRoot(), 'bin', 'pareto.js'),
): { readonly args: string[]; readonly env: NodeJS.ProcessEnv } {
  const shortlist = path.join(dir, 'shortlist.json');
  writeFileSync(shortlist, JSON.stringify(artifact()));
  return {
    args: [bin, 'serve', '--port', '0', '--shortlist', shortlist],
    env: { HOME: dir, OPENROUTER_BASE_URL: upstream, OPENROUTER_API_KEY: 'sk-or-bench', PARETO_LOG_FORMAT: 'json' },
  };
}
