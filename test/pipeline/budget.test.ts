import { describe, expect, it } from 'vitest';
import { thrownBy } from '../support/source-context.js';
import { openDatabase } from '../../src/db/open.js';
import { readBudget } from '../../src/db/queries/budget.js';
import { createDbBudget } from '../../src/pipeline/budget.js';

const thrown = thrownBy;

describe('AA request budget in the database', () => {
  it('counts each request and refuses the one past the limit', () => {
    const db = openDatabase(':memory:');
    const now = () => new Date('2026-11-28T10:00:00Z');
    const budget = createDbBudget(db.orm, 'artificial-analysis', 3, now);
    budget.spend();
    budget.spend();
    budget.spend();
    const error = thrown(() => budget.spend());
    expect(error.code).toBe('budget');
    expect(error.message).toContain('3 of 3 requests used on 2026-11-28 UTC');
    expect(error.hint).toContain('PARETO_AA_DAILY_BUDGET');
    expect(readBudget(db.orm, 'artificial-analysis', '2026-11-28').used).toBe(3);
  });

  it('holds across budget objects (runs, processes) and starts over on the next UTC day', () => {
    const db = openDatabase(':memory:');
    let at = new Date('2026-11-28T23:59:00Z');
    createDbBudget(db.orm, 'artificial-analysis', 1, () => at).spend();
    expect(thrown(() => createDbBudget(db.orm, 'artificial-analysis', 1, () => at).spend()).code).toBe('budget');
    at = new Date('2026-11-29T00:00:01Z');
    createDbBudget(db.orm, 'artificial-analysis', 1, () => at).spend();
    expect(readBudget(db.orm, 'artificial-analysis', '2026-11-29').used).toBe(1);
  });

  it('stops asking when the API said nothing is left until its reset time', () => {
    const db = openDatabase(':memory:');
    let at = new Date('2026-11-28T10:00:00Z');
    const budget = createDbBudget(db.orm, 'artificial-analysis', 100, () => at);
    const reset = Math.floor(Date.parse('2026-11-28T12:00:00Z') / 1000);
    budget.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const error = thrown(() => budget.spend());
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('2026-11-28T12:00:00.000Z');
    at = new Date('2026-11-28T12:00:01Z');
    budget.spend();
    expect(readBudget(db.orm, 'artificial-analysis', '2026-11-28')).toMatchObject({ used: 1, remaining: 0 });
  });
});
