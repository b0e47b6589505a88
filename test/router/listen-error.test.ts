import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isParetoError } from '../../src/errors.js';
import { listenError } from '../../src/router/listen-error.js';

/** A failed listen, said in the operator's terms: the flag to change, not the system call. */
const failure = (code: string) => Object.assign(new Error(`listen ${code}: something`), { code });

describe('listen errors', () => {
  it.each([
    ['EADDRINUSE', '127.0.0.1', 8080, 'cannot listen on 127.0.0.1:8080: another process is listening there', '--port 0 picks a free one'],
    ['EACCES', '0.0.0.0', 80, 'cannot listen on 0.0.0.0:80: no permission for that port', 'use --port 1024 or above'],
    ['EADDRNOTAVAIL', '10.9.9.9', 8080, '10.9.9.9 is not an address of this machine', 'use --host 127.0.0.1'],
    ['EADDRNOTAVAIL', 'fd00::9', 8080, 'cannot listen on [fd00::9]:8080', '0.0.0.0 (every interface)'],
    ['ENOTFOUND', 'routerhost', 8080, '--host routerhost does not resolve to an address', 'give --host as an IP address'],
  ])('%s on %s:%d', (code, host, port, message, hint) => {
    const cause = failure(code);
    const error = listenError(cause, host, port);
    expect(isParetoError(error, 'config')).toBe(true);
    if (!isParetoError(error)) return;
    expect(error.message).toContain(message);
    expect(error.hint).toContain(hint);
    expect(error.cause).toBe(cause);
  });

  it('an error it does not know comes back as it was', () => {
    const other = failure('EMFILE');
    expect(listenError(other, '127.0.0.1', 8080)).toBe(other);
    expect(listenError('not an error', '127.0.0.1', 8080)).toBe('not an error');
    expect(listenError(null, '127.0.0.1', 8080)).toBe(null);
  });

  it('maps the code Node really gives for a port in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const second = net.createServer();
    const error = await new Promise<unknown>((resolve) => second.once('error', resolve).listen(port, '127.0.0.1'));
    taken.close();
    expect(isParetoError(listenError(error, '127.0.0.1', port), 'config')).toBe(true);
  });
});
