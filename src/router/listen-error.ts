import { ParetoError } from '../errors.js';

/**
 * What a failed listen means for the operator, with the way out: Node's own messages
 * ("listen EADDRINUSE: address already in use") name the call, not the flag to change. Errors
 * without a known code come back as they were. Pure.
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ParetoError('config', `cannot listen on ${where}: another process is listening there`, {
        hint: 'stop that process, or choose another --port (--port 0 picks a free one)',
        cause: error,
      });
    case 'EACCES':
      return new ParetoError('config', `cannot listen on ${where}: no permission for that port`, {
        hint: 'ports below 1024 need privileges: use --port 1024 or above, with a proxy or port forward in front if clients need the low port',
        cause: error,
      });
    case 'EADDRNOTAVAIL':
      return new ParetoError('config', `cannot listen on ${where}: ${host} is not an address of this machine`, {
        hint: 'use --host 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of its own addresses',
        cause: error,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ParetoError('config', `cannot listen on ${where}: --host ${host} does not resolve to an address`, {
        hint: 'give --host as an IP address (127.0.0.1, 0.0.0.0, ::) or a name this machine resolves',
        cause: error,
      });
    default:
      return error;
  }
}
