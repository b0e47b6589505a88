import os from 'node:os';

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lease or job holder, `host:pid[:id]`, that is on this host and whose process is gone. Only
 * the same host can tell: a pid on another machine says nothing here, so those are never "dead".
 * A holder with our own pid that is not `self` is gone too: that pid is ours now (a restarted
 * container runs as pid 1 again).
 */
export function holderLooksDead(
  holder: string,
  options: { self?: string; isAlive?: (pid: number) => boolean; host?: string } = {},
): boolean {
  const match = /^(.+):(\d+)(?::[0-9a-f]+)?$/.exec(holder);
  if (!match || match[1] !== (options.host ?? os.hostname()) || holder === options.self) return false;
  const pid = Number(match[2]);
  return pid === process.pid || !(options.isAlive ?? isProcessAlive)(pid);
}
