import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/package-root.js';
import { baseEntries } from '../support/diff-fixtures.js';
import { startFakeOpenRouter, type FakeOpenRouter } from '../support/fake-openrouter.js';

/**
 * What an answer in flight keeps of its request. An agent sends 200–500 KB per turn and a
 * stream can run for minutes; once the answer is committed no attempt can follow, so neither
 * the body's bytes nor what they parsed to may stay alive. The router and its client run in a
 * child process started with --expose-gc, so the figure is live memory after a full collection,
 * not garbage; the upstream (this process) holds every stream open after its first event.
 */
let fake: FakeOpenRouter;
beforeAll(async () => {
  fake = await startFakeOpenRouter({ record: false });
  for (const e of baseEntries()) fake.fault(e.model, { kind: 'stall' });
});
afterAll(() => fake.close());

const dist = (...parts: string[]) => JSON.stringify(path.join(packageRoot(), 'dist', ...parts));
const script = `
  const { createRouterApp } = await import(${dist('src', 'router', 'app.js')});
  const { parseRouterSettings } = await import(${dist('src', 'router', 'settings.js')});
  const { silentLogger } = await import(${dist('src', 'util', 'log.js')});
  const { artifact } = await import(${dist('test', 'support', 'diff-fixtures.js')});
  const { Pool } = await import('undici');
  const [baseUrl, model, count] = process.argv.slice(1);
  const shortlist = artifact();
  const app = createRouterApp({
    settings: parseRouterSettings({ PARETO_IDLE_TIMEOUT_MS: '60000', PARETO_FIRST_BYTE_TIMEOUT_MS: '60000' }),
    openRouterBaseUrl: baseUrl, serverKey: 'sk-or-memory-test', shortlist: { current: () => shortlist },
    log: silentLogger, host: '127.0.0.1',
  });
  const { port } = await app.listen(0);
  const pool = new Pool('http://127.0.0.1:' + port, { connections: 64 });
  // One buffer for every request: the client's copy is counted once, in the baseline.
  const body = Buffer.from(JSON.stringify({ model, stream: true, messages: Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user', content: ('turn ' + i + ' "quoted" ä ').padEnd(10000, 'lorem ipsum ') })) }));
  const live = () => { gc(); gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const before = live();
  const open = await Promise.all(Array.from({ length: Number(count) }, async () => {
    const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const first = await res.body[Symbol.asyncIterator]().next();
    if (res.statusCode !== 200 || first.done) throw new Error('status ' + res.statusCode);
    return res;
  }));
  const perStream = (live() - before) / Number(count);
  process.stdout.write(JSON.stringify({ bodyBytes: body.length, perStream }));
  for (const res of open) res.body.destroy();
  process.exit(0);`;

describe('memory of answers in flight', () => {
  for (const [kind, model] of [
    ['router-model', 'pareto-code'],
    ['pass-through', 'b/beta'],
  ] as const)
    it(`a committed ${kind} stream keeps a small fraction of its 400 KB body`, async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--input-type=module', '-e', script, fake.baseUrl, model, '20'],
        {
          cwd: packageRoot(),
        },
      );
      const { bodyBytes, perStream } = JSON.parse(stdout) as { bodyBytes: number; perStream: number };
      expect(bodyBytes).toBeGreaterThan(400_000);
      // Each stream's sockets, parser and relay state are some tens of KB; the body held would be 400 KB or more.
      expect(perStream).toBeLessThan(bodyBytes / 4);
    });
});
