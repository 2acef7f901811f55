import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let handlersInstalled = false;

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** On Ctrl-C or a kill, remove our temporary directories, then die of the same signal. */
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeAll();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Runs `fn` with a private temporary directory (mode 0700, from mkdtemp) that
 * is removed afterwards, on exit, and on Ctrl-C: staged content written there
 * never outlives the run.
 */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  installHandlers();
  const dir = mkdtempSync(join(tmpdir(), 'secgate-'));
  live.add(dir);
  try {
    return await fn(dir);
  } finally {
    live.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
