/**
 * Turns the first SIGINT (Ctrl-C) or SIGTERM into an abort, so the run in progress is rolled
 * back and recorded instead of the process dying mid-write. A second signal finds no handler and
 * kills the process as usual. Returns a function that removes the handlers.
 */
export function abortOnSignals(controller: AbortController, onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handle = (signal: NodeJS.Signals) => {
    dispose();
    onSignal?.(signal);
    controller.abort();
  };
  const dispose = () => {
    process.off('SIGINT', handle);
    process.off('SIGTERM', handle);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
  return dispose;
}
