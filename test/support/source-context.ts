import { loadConfig, type Config } from '../../src/config.js';
import { createHttpClient } from '../../src/http/client.js';
import type { Fetcher } from '../../src/http/types.js';
import { expect } from 'vitest';
import { ParetoError } from '../../src/errors.js';
import type { RequestBudget, Source, SourceContext, SourceResult } from '../../src/sources/types.js';
import type { Logger } from '../../src/util/log.js';

/** A log that keeps its lines, so tests can assert on them (and on the absence of secrets). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
}

/** An in-memory budget with the same contract as the database one. */
export function memoryBudget(limit = 100): RequestBudget & { used: number; lastHeaders: Record<string, string> | undefined } {
  const budget = {
    used: 0,
    lastHeaders: undefined as Record<string, string> | undefined,
    spend() {
      if (budget.used >= limit) throw new Error(`budget of ${limit} spent`);
      budget.used++;
    },
    observe(headers: Readonly<Record<string, string>>) {
      budget.lastHeaders = { ...headers };
    },
  };
  return budget;
}

export interface TestContextOptions {
  env?: Record<string, string>;
  modelIds?: readonly string[];
  budget?: RequestBudget;
  /** Defaults keep failure tests fast: 2 retries, 1 ms backoff, 1 s timeout. */
  http?: Partial<{ retries: number; timeoutMs: number; maxRetryAfterSeconds: number }>;
}

/** A real SourceContext whose HTTP goes through the real got client (to a loopback server). */
export function testContext(
  options: TestContextOptions = {},
): SourceContext & { log: ReturnType<typeof memoryLogger>; config: Config; http: Fetcher } {
  const config = loadConfig({
    PARETO_HTTP_RETRIES: String(options.http?.retries ?? 2),
    PARETO_HTTP_TIMEOUT_MS: String(options.http?.timeoutMs ?? 1000),
    PARETO_MAX_RETRY_AFTER_S: String(options.http?.maxRetryAfterSeconds ?? 2),
    ...options.env,
  });
  const http = createHttpClient({
    timeoutMs: config.httpTimeoutMs,
    retries: config.httpRetries,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    redact: config.redact,
    baseBackoffMs: 1,
    sleep: async () => {},
  });
  return {
    config,
    http,
    log: memoryLogger(),
    budget: options.budget ?? memoryBudget(),
    ...(options.modelIds ? { modelIds: options.modelIds } : {}),
  };
}

/** Runs a source that must fail: returns its ParetoError and proves nothing came back. */
export async function sourceFailure(source: Source, ctx: SourceContext): Promise<ParetoError> {
  let result: SourceResult | undefined;
  let error: unknown;
  try {
    result = await source.fetch(ctx);
  } catch (e) {
    error = e;
  }
  expect(result).toBeUndefined();
  expect(error).toBeInstanceOf(ParetoError);
  return error as ParetoError;
}

/** The ParetoError a synchronous call throws (fails the test when it does not throw). */
export function thrownBy(fn: () => unknown): ParetoError {
  try {
    fn();
  } catch (error) {
    return error as ParetoError;
  }
  throw new Error('expected an error to be thrown');
}
