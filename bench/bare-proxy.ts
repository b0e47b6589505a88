/**
 * The floor for the router benchmark: the least a Node proxy can do on this stack, node:http in
 * and one undici Pool out, relaying the body and status with no routing, logging or metrics.
 * What the router adds beyond this is its own cost; what this adds beyond the byte pipe
 * (bench/byte-pipe.ts, the hop itself) is node:http's and undici's.
 * Prints `bare proxy on <url>` once it listens; stops on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]!);
const pool = new Pool(upstream.origin, { connections: 128 });
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    pool
      .request({
        path: `${upstream.pathname}/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      .then(async (answer) => {
        res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
        for await (const chunk of answer.body) res.write(chunk);
        res.end();
      })
      .catch(() => res.destroy());
  });
});
server.listen(0, '127.0.0.1', () => console.log(`bare proxy on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
});
