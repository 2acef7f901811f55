import { spawn, spawnSync } from 'node:child_process';

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  signal?: AbortSignal;
}

export interface SpawnResult {
  stdout: Buffer;
  stderr: string;
  /** Exit status, or null when killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Starts a program with an argv array (never a shell) and collects its
 * output. node:child_process directly: execa costs ~65 ms to import, more than
 * a Bandit run on one file, and a hook pays every millisecond.
 * Rejects only when the program cannot be started (error.code ENOENT, EACCES).
 */
export function spawnCollect(command: string, args: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let failed = false;
    child.on('error', (error) => {
      failed = true;
      reject(error);
    });
    child.on('close', (status, signal) => {
      if (!failed) resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), status, signal });
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
