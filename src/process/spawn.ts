import { spawn } from 'node:child_process';

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
