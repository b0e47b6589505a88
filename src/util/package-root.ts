import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder (migrations/, data/sample/ live there). Found by walking up from this
 * file, so it is the same whether the code runs from src/ (tests) or dist/src/ (the CLI).
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the package root (no package.json with migrations/ above this file)');
    dir = parent;
  }
}
