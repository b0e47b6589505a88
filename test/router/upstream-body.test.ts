import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { upstreamBody } from '../../src/router/upstream-body.js';

/** A stand-in for undici's controller that records what the body asked of the connection. */
function controller() {
  const state = { paused: false, aborted: false, reason: null as unknown, pauses: 0, resumes: 0 };
  const c = {
    get aborted() {
      return state.aborted;
    },
    get paused() {
      return state.paused;
    },
    get reason() {
      return state.reason as Error | null;
    },
    pause() {
      state.paused = true;
      state.pauses++;
    },
    resume() {
      state.paused = false;
      state.resumes++;
    },
    abort(reason: Error) {
      state.aborted = true;
      state.reason = reason;
    },
  } as unknown as Dispatcher.DispatchController;
  return { c, state };
}

describe('the upstream body queue', () => {
  it('hands over the chunks of one turn in one piece, then the end', async () => {
    const { c } = controller();
    const { body, feed } = upstreamBody(c);
    const first = body.next();
    feed.data(Buffer.from('data: 1\n\n'));
    feed.data(Buffer.from('data: 2\n\n'));
    expect((await first).value?.toString()).toBe('data: 1\n\ndata: 2\n\n');
    feed.data(Buffer.from('data: [DONE]\n\n'));
    feed.end();
    expect((await body.next()).value?.toString()).toBe('data: [DONE]\n\n');
    expect(await body.next()).toEqual({ done: true, value: undefined });
  });

  it('pauses the connection once 64 KB wait unread and resumes it when they are taken', async () => {
    const { c, state } = controller();
    const { body, feed } = upstreamBody(c);
    feed.data(Buffer.alloc(40 * 1024));
    expect(state.paused).toBe(false);
    feed.data(Buffer.alloc(40 * 1024));
    expect(state.paused).toBe(true);
    expect((await body.next()).value?.length).toBe(80 * 1024);
    expect(state).toMatchObject({ paused: false, pauses: 1, resumes: 1 });
  });

  it('gives a body cut short with its error: whole() the bytes so far, next() the error after them', async () => {
    const cut = new Error('socket hang up');
    const a = upstreamBody(controller().c);
    a.feed.data(Buffer.from('{"id":'));
    a.feed.fail(cut);
    expect(await a.body.whole()).toEqual({ bytes: Buffer.from('{"id":'), error: cut });
    const b = upstreamBody(controller().c);
    b.feed.data(Buffer.from('data: 1\n\n'));
    b.feed.fail(cut);
    expect((await b.body.next()).value?.toString()).toBe('data: 1\n\n');
    await expect(b.body.next()).rejects.toBe(cut);
  });

  it('reads a whole answer that arrives after the read began', async () => {
    const { body, feed } = upstreamBody(controller().c);
    const whole = body.whole();
    feed.data(Buffer.from('{"ok"'));
    await Promise.resolve();
    feed.data(Buffer.from(':true}'));
    feed.end();
    expect(await whole).toEqual({ bytes: Buffer.from('{"ok":true}'), error: null });
  });

  it('cancel aborts the upstream call and drops what is queued', async () => {
    const { c, state } = controller();
    const { body, feed } = upstreamBody(c);
    feed.data(Buffer.from('data: 1\n\n'));
    body.cancel();
    expect(state.aborted).toBe(true);
    feed.data(Buffer.from('data: 2\n\n'));
    expect(await body.next()).toEqual({ done: true, value: undefined });
  });
});
