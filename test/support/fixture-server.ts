import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 for tests. Routes are plain functions from the request to a
 * canned answer, so each test states the exact responses (recorded bodies, real headers,
 * failure modes) it runs the real clients against.
 */
export interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
}

export type FixtureAnswer =
  | { status: number; body?: string | object; headers?: Record<string, string>; delayMs?: number }
  /** Accept the request and never answer (client timeout tests). */
  | { hang: true }
  /** Send the headers and a partial body, then destroy the socket. */
  | { status: number; truncateAfter: number; body: string; headers?: Record<string, string> };

export type FixtureRoute = (req: FixtureRequest) => FixtureAnswer | undefined;

export interface FixtureServer {
  readonly baseUrl: string;
  /** Every request seen, in order. */
  readonly requests: FixtureRequest[];
  close(): Promise<void>;
}

export async function startFixtureServer(...routes: FixtureRoute[]): Promise<FixtureServer> {
  const requests: FixtureRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FixtureRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(request);
    let answer: FixtureAnswer | undefined;
    for (const route of routes) {
      answer = route(request);
      if (answer) break;
    }
    if (!answer) answer = { status: 404, body: { error: `no fixture for ${url.pathname}` } };
    if ('hang' in answer) return;
    const body = typeof answer.body === 'string' || answer.body === undefined ? (answer.body ?? '') : JSON.stringify(answer.body);
    if ('delayMs' in answer && answer.delayMs) {
      const { delayMs, ...rest } = answer;
      setTimeout(() => send(res, rest, body), delayMs);
      return;
    }
    send(res, answer, body);
  });

  function send(res: http.ServerResponse, answer: Exclude<FixtureAnswer, { hang: true }>, body: string): void {
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    if ('truncateAfter' in answer) {
      res.write(body.slice(0, answer.truncateAfter));
      // Let the partial body leave before cutting the connection.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(body);
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers from a script, one per request, repeating the last (a 429 then a 200, say). */
export function scripted(...answers: FixtureAnswer[]): (req: FixtureRequest) => FixtureAnswer {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)] as FixtureAnswer;
}
