/**
 * The floor for the router benchmark: the least a Node proxy can do on this stack, node:http in
 * and one undici Pool out, relaying the body and status with no routing, logging or metrics.
 * What the router adds beyond this is its own cost; what this adds beyond the byte pipe
 * (bench/byte-pipe.ts, the hop itself) is node:http's and undici's.
 * It answers through undici's dispatch handler, as the router does, not `request()`'s stream
 * (which costs some 20 µs of CPU more per request): a floor set too high would flatter the router.
 * Prints `bare proxy on <url>` once it listens; stops on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]!);
const pool = new Pool(upstream.origin, { connections: 128 });
const path = `${upstream.pathname}/chat/completions`;
const headers = { 'content-type': 'application/json' };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const answer: Buffer[] = [];
    pool.dispatch(
      { path, method: 'POST', headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) },
      {
        onRequestStart() {},
        // Streams are relayed as they come, JSON is sent whole with its length: what the router does.
        onResponseStart(_c, status, answerHeaders) {
          const type = String(answerHeaders['content-type']);
          if (type.startsWith('text/event-stream')) res.writeHead(status, { 'content-type': type });
          else res.statusCode = status;
        },
        onResponseData(_c, chunk) {
          if (res.headersSent) res.write(chunk);
          else answer.push(chunk);
        },
        onResponseEnd() {
          if (res.headersSent) return void res.end();
          const body = answer.length === 1 ? answer[0]! : Buffer.concat(answer);
          res.writeHead(res.statusCode, { 'content-type': 'application/json', 'content-length': String(body.length) });
          res.end(body);
        },
        onResponseError: () => void res.destroy(),
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(`bare proxy on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
});
