import { isResolveError, type ResolveError } from '../../src/resolver/index.js';

/** The ResolveError a resolve throws; anything else thrown is re-thrown, nothing thrown fails. */
export function rejection(run: () => unknown): ResolveError {
  try {
    run();
  } catch (error) {
    if (isResolveError(error)) return error;
    throw error;
  }
  throw new Error('expected a ResolveError, nothing was thrown');
}
