import { ParetoError } from '../errors.js';
import type { Orm } from '../db/open.js';
import { addRequest, readBudget, recordRateLimit, utcDay } from '../db/queries/budget.js';
import type { RequestBudget } from '../sources/types.js';

/**
 * AA's Free quota is 100 requests a day. Every attempt is counted in the database before it is
 * sent, so the configured budget holds across runs and processes, and a request that would go
 * over it is never made. The API's own X-RateLimit-* headers are kept too: when it says nothing
 * is left until a reset time, we do not ask again before then.
 */
export function createDbBudget(orm: Orm, source: string, limit: number, now: () => Date = () => new Date()): RequestBudget {
  return {
    spend() {
      const at = now();
      const day = utcDay(at);
      const state = readBudget(orm, source, day);
      if (state.used >= limit) {
        throw new ParetoError('budget', `daily request budget spent (${state.used} of ${limit} requests used on ${day} UTC)`, {
          source,
          hint: 'wait for the next UTC day, or raise PARETO_AA_DAILY_BUDGET if your AA plan allows more',
        });
      }
      if (state.remaining === 0 && state.resetAt && Date.parse(state.resetAt) > at.getTime()) {
        throw new ParetoError('rate_limited', `the API reported no requests left until ${state.resetAt}`, {
          source,
          hint: 'try again after that time',
        });
      }
      addRequest(orm, source, day);
    },
    observe(headers) {
      const remaining = toInt(headers['x-ratelimit-remaining']);
      const reset = toInt(headers['x-ratelimit-reset']);
      if (remaining === null && reset === null) return;
      // X-RateLimit-Reset is unix seconds.
      const resetAt = reset === null ? null : new Date(reset * 1000).toISOString();
      recordRateLimit(orm, source, utcDay(now()), remaining, resetAt);
    },
  };
}

/** For sources that have no quota to keep. */
export const unlimitedBudget: RequestBudget = { spend() {}, observe() {} };

function toInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}
