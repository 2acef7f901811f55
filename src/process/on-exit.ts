const cleanups = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // One failed cleanup must not keep the others from running.
    }
  }
  cleanups.clear();
}

/**
 * Runs `cleanup` when the process ends: a normal exit, process.exit, or
 * Ctrl-C and kills (then dies of the same signal). One set of signal
 * listeners for all of secgate's cleanups, so that re-raising the signal
 * finds none left and the default action ends the process. Returns a
 * function that unregisters it (after the caller cleaned up itself).
 */
export function onExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        runAll();
        process.kill(process.pid, signal);
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
