import { describe, expect, it } from 'vitest';
import { isBusy, retryWhileBusy } from '../../src/db/busy-retry.js';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

describe('retryWhileBusy', () => {
  it('tries again while SQLite answers busy (any SQLITE_BUSY_* code), then returns the result', () => {
    const codes = ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY'];
    let calls = 0;
    const result = retryWhileBusy(
      () => {
        if (calls < codes.length) throw busy(codes[calls++]);
        calls++;
        return 'migrated';
      },
      { pauseMs: 1 },
    );
    expect(result).toBe('migrated');
    expect(calls).toBe(4);
  });

  it('rethrows any other error at once', () => {
    let calls = 0;
    const error = Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
    expect(() =>
      retryWhileBusy(() => {
        calls++;
        throw error;
      }),
    ).toThrow(error);
    expect(calls).toBe(1);
  });

  it('gives up with the busy error once the budget is spent (on its clock, not the wall)', () => {
    let clock = 0;
    let calls = 0;
    expect(() =>
      retryWhileBusy(
        () => {
          calls++;
          clock += 400;
          throw busy();
        },
        { budgetMs: 1_000, pauseMs: 1, now: () => clock },
      ),
    ).toThrow('database is locked');
    expect(calls).toBe(3);
    expect(isBusy(busy())).toBe(true);
    expect(isBusy(new Error('x'))).toBe(false);
    expect(isBusy(null)).toBe(false);
  });
});
