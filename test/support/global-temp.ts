import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * vitest's global setup: every temporary folder the tests make (databases, shortlists, the
 * working folders of the processes they start) goes under one folder per run, removed when the
 * run ends. The suite makes some hundreds a run; left in the machine's temp folder, a developer
 * running it often would fill it. The test workers inherit TMPDIR, which os.tmpdir() reads.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pareto-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
