// The `prepare` script: compiles with tsc only when a source is newer than its output.
//
// Why: the first `npx pareto …` in a fresh clone installs this very folder into npx's cache (so
// that its `bin` gets linked there), and npm runs `prepare` for such a linked folder. With a plain
// `tsc` there, the quick start's first command spent ~10 s recompiling what `npm install` had
// just compiled. Plain JavaScript, because it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// tsconfig.build.json's "include": folders, and the two test helpers the router benchmark runs.
const INPUTS = ['src', 'jobs', 'scripts', 'bench', 'test/support/fake-openrouter.ts', 'test/support/diff-fixtures.ts'];

function sources(dir) {
  if (dir.endsWith('.ts')) return [dir];
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function mtime(file) {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return undefined;
  }
}

function stale() {
  let oldestOutput = Infinity;
  for (const source of INPUTS.flatMap(sources)) {
    const output = mtime(path.join('dist', source.replace(/\.ts$/, '.js')));
    if (output === undefined || output < mtime(source)) return `${source} changed`;
    oldestOutput = Math.min(oldestOutput, output);
  }
  const config = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].find((f) => mtime(f) > oldestOutput);
  return config ? `${config} changed` : undefined;
}

const reason = process.argv.includes('--force') ? 'forced' : stale();
if (reason === undefined) {
  console.log('dist/ is up to date with the sources: nothing to compile');
} else {
  console.log(`compiling (${reason})`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exitCode = result.status ?? 1;
}
