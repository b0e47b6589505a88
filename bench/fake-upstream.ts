/**
 * The loopback fake OpenRouter in a process of its own, for the router benchmark: the client,
 * the router and the upstream are then three processes, as in a real deployment and in
 * published gateway benchmarks, so "direct" crosses processes just as "through the router" does.
 * With `stall` after the chunk count, every model's stream stops after its first events and is
 * held open (bench/held-streams.ts).
 * Prints `fake upstream on <baseUrl>` once it listens; stops on SIGTERM.
 */
import { baseEntries } from '../test/support/diff-fixtures.js';
import { startFakeOpenRouter } from '../test/support/fake-openrouter.js';

const fake = await startFakeOpenRouter({ chunks: Number(process.argv[2] ?? 20), record: false });
if (process.argv[3] === 'stall') for (const e of baseEntries()) fake.fault(e.model, { kind: 'stall' });
console.log(`fake upstream on ${fake.baseUrl}`);
process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
