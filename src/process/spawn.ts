import { spawn, spawnSync } from 'node:child_process';
import { onExit } from './on-exit.js';

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  signal?: AbortSignal;
  /** Stops the program (its whole process group, with `group`) after this long; the result says `timedOut`. */
  timeoutMs?: number;
  /**
   * Starts the program in a process group of its own, and kills the whole
   * group (what it started too) on timeout, on abort, once the program has
   * exited, and when secgate exits or is interrupted: a child that hangs or
   * leaves a grandchild holding its pipes cannot hang secgate, and nothing is
   * left behind.
   */
  group?: boolean;
}

export interface SpawnResult {
  stdout: Buffer;
  stderr: string;
  /** Exit status, or null when killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped by `timeoutMs`. */
  timedOut?: boolean;
}

/** SIGKILL to a process group; nothing to do when it is already gone. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: every member has exited
  }
}

/**
 * Starts a program with an argv array (never a shell) and collects its
 * output. node:child_process directly: execa costs more than a Node start
 * to import (README, "The five base packages"), and a hook pays every
 * millisecond.
 * Rejects only when the program cannot be started (error.code ENOENT, EACCES).
 */
export function spawnCollect(command: string, args: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const group = options.group === true;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(group ? { detached: true } : options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let settled = false;
    let timedOut = false;
    const stop = group && child.pid !== undefined ? killGroup.bind(undefined, child.pid) : () => child.kill('SIGKILL');
    const forget = group && child.pid !== undefined ? onExit(stop) : () => false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs);
    const onAbort = () => stop();
    if (group && options.signal?.aborted) stop();
    else if (group) options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      forget();
      if (group) options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      finish();
      if (!settled) reject(error);
      settled = true;
    });
    // What the program left running in its group would hold the pipes open: end it with the program.
    if (group) child.on('exit', stop);
    child.on('close', (status, signal) => {
      finish();
      if (!settled) {
        resolve({
          stdout: Buffer.concat(out),
          stderr: Buffer.concat(err).toString('utf8'),
          status,
          signal,
          ...(timedOut ? { timedOut } : {}),
        });
      }
      settled = true;
    });
    // The program may exit before reading its input; 'close' reports that.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
  });
}

/**
 * spawnCollect, synchronously, for a short command at startup with nothing
 * else to do meanwhile. A first asynchronous spawn sets up node's pipe and
 * stream machinery (~10 ms); a warm hook's two git calls are cheaper without it.
 * Throws only when the program cannot be started, as spawnCollect rejects.
 */
export function spawnCollectSync(command: string, args: readonly string[], options: Omit<SpawnOptions, 'signal'>): SpawnResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    ...(options.input === undefined ? {} : { input: options.input }),
    // Large enough for any index listing; the default (1 MiB) is not.
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr.toString('utf8'), status: result.status, signal: result.signal };
}
