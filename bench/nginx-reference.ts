/**
 * A reference for the router benchmark: nginx as a reverse proxy in front of the same fake, when
 * nginx is installed (`apt-get install nginx-light`; or BENCH_NGINX=<path to the binary>). It is
 * what a lean proxy written in C adds on this machine, so the figures show how much of a hop is
 * the machine and how much is the proxy's own stack. One process (no master), keep-alive to the
 * upstream, the request body kept in memory, the answer relayed as it arrives (as the router
 * relays SSE).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Nginx {
  readonly url: string;
  readonly pid: number;
  stop(): void;
}

/** The nginx binary: BENCH_NGINX, else the first `nginx` on PATH or in the sbin folders. */
function findNginx(): string | null {
  if (process.env.BENCH_NGINX) return process.env.BENCH_NGINX;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return dirs.map((d) => path.join(d, 'nginx')).find((f) => existsSync(f)) ?? null;
}

/** A port free now; nginx cannot listen on 0 and report it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function config(dir: string, upstream: URL, port: number): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `daemon off;
master_process off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  upstream fake { server ${upstream.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    client_body_buffer_size 1m;
    client_max_body_size 16m;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
}

/** Starts nginx in front of `upstream`, or says why not and resolves null. */
export async function startNginx(upstream: URL, workDir: string): Promise<Nginx | null> {
  const bin = findNginx();
  if (!bin) return null;
  const dir = path.join(workDir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), config(dir, upstream, port));
  const child = spawn(bin, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  for (let waited = 0; waited < 5000 && !exited; waited += 20) {
    if (await accepts(port)) return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => void child.kill('SIGQUIT') };
    await new Promise((r) => setTimeout(r, 20));
  }
  const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8').trim() : '';
  console.error(`nginx (${bin}) did not start; leaving it out${log ? `: ${log.split('\n').at(-1)}` : ''}`);
  child.kill('SIGKILL');
  return null;
}
