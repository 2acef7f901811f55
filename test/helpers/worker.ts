import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The environment that turns the resident worker on, with its sockets in `dir` (never the user's own). */
export function workerEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { SECGATE_WORKER: '1', SECGATE_WORKER_DIR: dir, SECGATE_WORKER_IDLE: '120', ...extra };
}

/**
 * The pids of the worker processes whose sockets are in `dir`, from their command lines (whatever their
 * state): with `children`, also the processes they forked (a child ready for the next request, a scan).
 */
export function workerPids(dir: string, { children = false }: { children?: boolean } = {}): number[] {
  const found = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(join('/proc', name, 'cmdline'), 'utf8').split('\0');
      if (argv.some((arg) => arg.endsWith('secgate_worker.py')) && argv.some((arg) => arg.startsWith(`${dir}/`))) {
        // A zombie (exited, not yet reaped) holds nothing.
        const stat = /^\d+ \(.*\) (\S) (\d+)/.exec(readFileSync(join('/proc', name, 'stat'), 'utf8'));
        if (stat && stat[1] !== 'Z') found.set(Number(name), Number(stat[2]));
      }
    } catch {
      // gone meanwhile
    }
  }
  // A worker's own children run the same command line.
  return [...found].filter(([, parent]) => children || !found.has(parent)).map(([pid]) => pid);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a worker in `dir` to be listening (its description file is written once its socket is bound); returns its pid. */
export async function waitForWorker(dir: string, timeoutMs = 20_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const info = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith('.sock.json')) : undefined;
    if (info) {
      try {
        const { pid } = JSON.parse(readFileSync(join(dir, info), 'utf8')) as { pid: number };
        return pid;
      } catch {
        // being written
      }
    }
    await sleep(50);
  }
  throw new Error(`no worker started in ${dir} within ${timeoutMs} ms`);
}

/** Ends every worker of `dir` and its children (continued first, in case a test stopped it) and waits until none is left. */
export async function killWorkers(dir: string): Promise<void> {
  for (const pid of workerPids(dir, { children: true })) {
    for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }
  const end = Date.now() + 5000;
  while (workerPids(dir, { children: true }).length > 0 && Date.now() < end) await sleep(20);
}
