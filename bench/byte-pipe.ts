/**
 * A reference for the router benchmark: the least any proxy process can do. Each client
 * connection gets one upstream connection and bytes are piped both ways, with no HTTP parsing
 * at all, so what it adds over direct is the hop itself (one more process to wake, two more
 * socket round trips through Node's event loop) and nothing of node:http or undici.
 * Prints `byte pipe on <url>` once it listens; stops on SIGTERM.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2]!);
const server = net.createServer((client) => {
  const up = net.connect(Number(upstream.port), upstream.hostname);
  client.setNoDelay(true);
  up.setNoDelay(true);
  client.pipe(up).on('error', () => client.destroy());
  up.pipe(client).on('error', () => up.destroy());
  client.once('close', () => up.destroy());
  up.once('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(`byte pipe on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => process.exit(0)); // the clients' pools hold their connections open
