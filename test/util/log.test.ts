import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoNow } from '../../src/util/log.js';
import { packageRoot } from '../../src/util/package-root.js';

// The built logger in a process of its own: what reaches stderr, and when, is the point.
const LOG = path.join(packageRoot(), 'dist', 'src', 'util', 'log.js');
const REDACT = path.join(packageRoot(), 'dist', 'src', 'util', 'redact.js');

function run(script: string): { stderr: string; status: number | null } {
  const result = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createStderrLogger } from ${JSON.stringify(LOG)};
import { createRedactor } from ${JSON.stringify(REDACT)};
const redact = createRedactor(['sk-secret-123456']);
${script}`,
    ],
    // A bound, so a logger that never flushes fails the test instead of hanging it.
    { encoding: 'utf8', timeout: 10_000 },
  );
  return { stderr: result.stderr, status: result.status };
}

describe('the buffered logger (one line per request, as pareto serve logs)', () => {
  it.each([
    ['text', 'false'],
    ['JSON', 'true'],
  ])('%s: lines of one turn are written together, in order, redacted, and none is lost at process.exit', (_, json) => {
    const { stderr, status } = run(`
const log = createStderrLogger(redact, { json: ${json}, buffered: true });
log.info('first');
log.warn('second with sk-secret-123456');
setImmediate(() => { log.info('third'); process.exit(3); });`);
    expect(status).toBe(3);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l.replace(/^\w+ /, '')))).toEqual([
      'first',
      expect.stringMatching(/^second with (?!.*sk-secret-123456)/),
      'third',
    ]);
    expect(stderr).not.toContain('sk-secret-123456');
  });

  it('holds lines back and writes a burst as one write (here at exit)', () => {
    const { stderr } = run(`
import { writeSync } from 'node:fs';
let writes = 0;
const real = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => { writes++; return real(chunk, ...rest); };
const log = createStderrLogger(redact, { buffered: true });
for (let i = 0; i < 50; i++) log.info('line ' + i);
process.on('exit', () => writeSync(2, 'writes=' + writes + '\\n'));
setImmediate(() => { if (writes !== 0) writeSync(2, 'written too early\\n'); process.exit(0); });`);
    expect(stderr).not.toContain('written too early');
    expect(stderr).toContain('line 49');
    expect(stderr.trim().split('\n').at(-1)).toBe('writes=1');
  });

  it('writes on its own within the flush interval when the process keeps running', () => {
    const { stderr, status } = run(`
const log = createStderrLogger(redact, { buffered: true });
log.info('while running');
const real = process.stderr.write.bind(process.stderr);
// Exits from inside the flush: the line got out without any exit handler.
process.stderr.write = (chunk, ...rest) => { real(chunk, ...rest); process.exit(7); };
setInterval(() => {}, 1000);`);
    expect(status).toBe(7);
    expect(stderr).toContain('while running');
  });
});

describe('the JSON logger', () => {
  it('writes one JSON object per line with level, ISO time, pid and the redacted message, whatever the message holds', () => {
    const { stderr, status } = run(`
const log = createStderrLogger(redact, { json: true, verbose: true });
log.info('plain');
log.warn('quotes " and \\\\ backslash, a\\nnewline, a tab\\t, a bell \\u0007, sk-secret-123456');
log.debug('débogage ✓');
console.error(process.pid);`);
    expect(status).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    const pid = Number(lines[3]);
    const parsed = lines.slice(0, 3).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => Object.keys(p))).toEqual([
      ['level', 'time', 'pid', 'msg'],
      ['level', 'time', 'pid', 'msg'],
      ['level', 'time', 'pid', 'msg'],
    ]);
    expect(parsed.map((p) => [p.level, p.pid, p.msg])).toEqual([
      ['info', pid, 'plain'],
      ['warn', pid, 'quotes " and \\ backslash, a\nnewline, a tab\t, a bell \u0007, [REDACTED]'],
      ['debug', pid, 'débogage ✓'],
    ]);
    for (const p of parsed) expect(new Date(p.time as string).toISOString()).toBe(p.time);
  });

  it('leaves debug lines out unless verbose', () => {
    const { stderr } = run(`
const log = createStderrLogger(redact, { json: true });
log.debug('hidden');
log.info('shown');`);
    expect(
      stderr
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual(['shown']);
  });
});

describe('the log time', () => {
  it('is what Date#toISOString gives, within a second, across seconds, days and years, and back in time', () => {
    const instants = [
      Date.UTC(2026, 11, 2, 18, 0, 0, 0),
      Date.UTC(2026, 11, 2, 18, 0, 0, 7),
      Date.UTC(2026, 11, 2, 18, 0, 0, 42),
      Date.UTC(2026, 11, 2, 18, 0, 0, 999),
      Date.UTC(2026, 11, 2, 18, 0, 1, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 5),
      Date.UTC(2026, 11, 2, 18, 0, 0, 500), // a clock stepped back: the second is formatted anew
      0,
    ];
    for (const ms of instants) expect(isoNow(ms)).toBe(new Date(ms).toISOString());
    const now = Date.now();
    expect(Math.abs(Date.parse(isoNow()) - now)).toBeLessThan(1000);
  });
});
