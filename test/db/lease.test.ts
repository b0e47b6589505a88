import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { acquireLease, readLease, releaseLease } from '../../src/db/queries/lease.js';
import { packageRoot } from '../../src/util/package-root.js';

const t = (iso: string) => new Date(iso);
const MIN = 60_000;

describe('leases', () => {
  it('is exclusive until it expires, renewable by its holder, and taken over once expired', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-lease-')), 'p.db');
    const a = openDatabase(file);
    const b = openDatabase(file); // a second connection, as a second process would have
    expect(acquireLease(a.orm, 'sync', 'A', t('2026-11-28T02:00:00Z'), 10 * MIN)).toBe(true);
    expect(acquireLease(b.orm, 'sync', 'B', t('2026-11-28T02:05:00Z'), 10 * MIN)).toBe(false);
    expect(acquireLease(a.orm, 'sync', 'A', t('2026-11-28T02:08:00Z'), 10 * MIN)).toBe(true);
    expect(readLease(b.orm, 'sync')).toMatchObject({
      holder: 'A',
      acquiredAt: '2026-11-28T02:00:00.000Z',
      expiresAt: '2026-11-28T02:18:00.000Z',
    });
    // B is still locked out at 02:15 (A renewed), and takes over after A's lease expired.
    expect(acquireLease(b.orm, 'sync', 'B', t('2026-11-28T02:15:00Z'), 10 * MIN)).toBe(false);
    expect(acquireLease(b.orm, 'sync', 'B', t('2026-11-28T02:18:00Z'), 10 * MIN)).toBe(true);
    expect(readLease(a.orm, 'sync')).toMatchObject({ holder: 'B', acquiredAt: '2026-11-28T02:18:00.000Z' });
    // A crashed holder coming back cannot release what is no longer its lease.
    expect(releaseLease(a.orm, 'sync', 'A')).toBe(false);
    expect(releaseLease(b.orm, 'sync', 'B')).toBe(true);
    expect(readLease(a.orm, 'sync')).toBeUndefined();
    expect(acquireLease(a.orm, 'other', 'A', t('2026-11-28T02:20:00Z'), MIN)).toBe(true);
    a.close();
    b.close();
  });

  it('lets exactly one of several real processes racing for it win', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pareto-lease-')), 'p.db');
    openDatabase(file).close(); // migrate once, so the racers only race for the lease
    const script = `
      const { openDatabase } = await import(${JSON.stringify(path.join(packageRoot(), 'dist', 'src', 'db', 'open.js'))});
      const { acquireLease } = await import(${JSON.stringify(path.join(packageRoot(), 'dist', 'src', 'db', 'queries', 'lease.js'))});
      const db = openDatabase(process.argv[1]);
      process.stdout.write(acquireLease(db.orm, 'sync', 'p' + process.pid, new Date(), 60000) ? 'won' : 'lost');
      db.close();`;
    const race = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const results = await Promise.all([race(), race(), race(), race()]);
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'lost')).toHaveLength(3);
  });
});
