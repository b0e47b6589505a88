import type { Shortlist } from '../../src/artifact/schema.js';
import type { StickinessStore } from '../../src/resolver/index.js';
import { createRouterApp, type RouterApp, type RouterAppOptions } from '../../src/router/app.js';
import { parseRouterSettings, type RouterSettings } from '../../src/router/settings.js';
import { artifact } from './diff-fixtures.js';
import { memoryLogger } from './source-context.js';
import { startFakeOpenRouter, type FakeOpenRouter } from './fake-openrouter.js';

/**
 * A router on a free loopback port in front of a fake OpenRouter, on the base fixture shortlist
 * (high tier chain: b/beta, c/gamma@max, a/alpha@high). Short timeouts so fault cases end fast.
 */
export interface Harness {
  readonly app: RouterApp;
  readonly fake: FakeOpenRouter;
  readonly url: string;
  readonly log: ReturnType<typeof memoryLogger>;
  shortlist: Shortlist;
  chat(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export const HIGH_CHAIN = ['b/beta', 'c/gamma', 'a/alpha'];

export async function startHarness(
  options: {
    env?: Record<string, string>;
    store?: StickinessStore;
    storeHealth?: RouterAppOptions['storeHealth'];
    serverKey?: string | undefined;
    host?: string;
    upstream?: string;
    now?: () => number;
    report?: RouterAppOptions['report'];
  } = {},
): Promise<Harness> {
  const fake = await startFakeOpenRouter();
  const log = memoryLogger();
  const settings: RouterSettings = parseRouterSettings({
    PARETO_FIRST_BYTE_TIMEOUT_MS: '400',
    PARETO_IDLE_TIMEOUT_MS: '400',
    PARETO_CONNECT_TIMEOUT_MS: '1000',
    ...options.env,
  });
  const holder = { shortlist: artifact() };
  const app = createRouterApp({
    settings,
    openRouterBaseUrl: options.upstream ?? fake.baseUrl,
    serverKey: 'serverKey' in options ? options.serverKey : 'sk-or-server-key-123456',
    shortlist: { current: () => holder.shortlist },
    ...(options.store ? { store: options.store } : {}),
    ...(options.storeHealth ? { storeHealth: options.storeHealth } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.report ? { report: options.report } : {}),
    log,
    host: options.host ?? '127.0.0.1',
  });
  const address = await app.listen(0);
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    fake,
    url,
    log,
    get shortlist() {
      return holder.shortlist;
    },
    set shortlist(s: Shortlist) {
      holder.shortlist = s;
    },
    chat: (body, headers = {}) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    async close() {
      await app.shutdown(100);
      await fake.close();
    },
  };
}

export const ask = (extra: Record<string, unknown> = {}) => ({
  model: 'pareto-code',
  messages: [{ role: 'user', content: 'write a test' }],
  ...extra,
});
