import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A mounted tmpfs of a fixed size, for replaying a full disk; `unmount` removes it again. */
export interface Tmpfs {
  readonly dir: string;
  freeBytes(): number;
  /** Fills the tmpfs with a ballast file until about `bytes` are left free. */
  leaveFree(bytes: number): void;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `size` (e.g. "1m") on a new temp folder, or returns the reason it cannot
 * (not root, no mount permission in this container), so callers skip with that reason.
 */
export function mountTmpfs(size: string): Tmpfs | string {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pareto-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`;
  }
  const freeBytes = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  let ballast = 0;
  return {
    dir,
    freeBytes,
    leaveFree(bytes) {
      const file = path.join(dir, `ballast-${ballast++}`);
      writeFileSync(file, Buffer.alloc(Math.max(0, freeBytes() - bytes)));
    },
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
