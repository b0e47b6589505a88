/**
 * The router's body parse (parseJsonObject: the value and the top-level member spans) against a
 * bare JSON.parse of the decoded text, on four shapes of large body: an agent turn (40 messages
 * of 10 KB), a mixed one (200 messages, most short), one of 4,000 short messages (which the
 * router leaves to the whole parse), and a hostile 16 MB array of one-byte elements. Best of
 * several runs each, warm.
 *
 *   npm run bench:body-parse
 */
import { parseJsonObject } from '../src/router/request-body.js';

const message = (i: number, length: number) => ({
  role: i % 2 ? 'assistant' : 'user',
  content: `turn ${i} `.padEnd(length, 'lorem ipsum '),
});
const shapes: Array<[string, Buffer]> = [
  [
    'agent turn, 40 × 10 KB',
    Buffer.from(JSON.stringify({ model: 'pareto-code', messages: Array.from({ length: 40 }, (_, i) => message(i, 10_000)) })),
  ],
  [
    'mixed, 200 messages',
    Buffer.from(JSON.stringify({ model: 'pareto-code', messages: Array.from({ length: 200 }, (_, i) => message(i, i % 4 ? 300 : 7_000)) })),
  ],
  [
    '4,000 short messages',
    Buffer.from(JSON.stringify({ model: 'pareto-code', messages: Array.from({ length: 4_000 }, (_, i) => message(i, 60)) })),
  ],
  ['16 MB of one-byte elements', Buffer.from(`{"model":"pareto-code","messages":[${Array(8_000_000).fill('1').join(',')}]}`)],
];

function best(f: () => unknown, runs: number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return min;
}

console.log(`body parse — node ${process.version}; best of the runs, in ms:`);
console.log(`  ${''.padEnd(30)} ${'size'.padStart(9)} ${'router'.padStart(9)} ${'JSON.parse'.padStart(11)}`);
for (const [label, bytes] of shapes) {
  const runs = bytes.length > 1e6 ? 5 : 300;
  const parsed = parseJsonObject(bytes);
  if (!parsed.ok) throw new Error(`${label}: ${parsed.error.body.error.message}`);
  const router = best(() => parseJsonObject(bytes), runs);
  const whole = best(() => JSON.parse(bytes.toString('utf8')), runs);
  console.log(
    `  ${label.padEnd(30)} ${`${Math.round(bytes.length / 1024)} KB`.padStart(9)} ${router.toFixed(2).padStart(9)} ${whole.toFixed(2).padStart(11)}`,
  );
}
