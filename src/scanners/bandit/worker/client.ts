import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLine } from '../../../files/first-line.js';
import { builtin } from '../../../process/builtin.js';
import { privateDirProblem, runtimeDir } from '../../../process/private-dir.js';
import type { BanditCommand } from '../discover.js';
import { shebangProgram } from '../identity.js';
import { fnv1a64 } from './socket-name.js';

/** Bumped with any change of the request or answer shape: a new secgate never talks to an old worker. */
export const PROTOCOL = 1;
/** How long a worker waits for the next request before it exits. */
const DEFAULT_IDLE_SECONDS = 600;
/** The worker answers "accepted" at once; silence this long means it is stuck, and one-shot Bandit runs instead. */
const ACCEPT_TIMEOUT_MS = 5000;
/** Unix socket paths are limited to about 108 bytes; past this the worker is not used. */
const MAX_SOCKET_PATH = 100;

/** How to start the resident worker for one Bandit: its interpreter, and where it listens. */
export interface WorkerPlan {
  interpreter: string;
  /** Interpreter options from Bandit's shebang (`-s`, `-E`), kept so imports resolve alike. */
  flags: string[];
  script: string;
  dir: string;
  socket: string;
  version: string;
  env: NodeJS.ProcessEnv;
  idleSeconds: number;
}

/** What a scan request carries: every option comes with it, the worker reads none of its own. */
export interface WorkerScan {
  cwd: string;
  output: string;
  options: string[];
  files: string[];
  timeoutSeconds: number;
}

/** What the worker said Bandit did: the same facts a one-shot process gives. */
export interface WorkerResult {
  status: number;
  stderr: string;
}

/** The worker script shipped with secgate (never anything from the repository): `python/secgate_worker.py` in the package. */
export function workerScript(): string | undefined {
  // dist/cli.cjs (a CommonJS bundle) has __dirname; this module run as ES (tests, from src/) has import.meta.
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const script = join(dir, 'python', 'secgate_worker.py');
      return existsSync(script) ? script : undefined;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** A standard Bandit entry point: the script does nothing but call `bandit.cli.main.main()`. */
function isBanditEntryPoint(path: string): boolean {
  try {
    if (statSync(path).size > 4096) return false;
    const text = readFileSync(path, 'utf8');
    const code = text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
      .map((line) => line.trim());
    const known = new Set([
      'import re',
      'import sys',
      'from bandit.cli.main import main',
      "if __name__ == '__main__':",
      'if __name__ == "__main__":',
      "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
      // uv's template
      'if sys.argv[0].endswith("-script.pyw"):',
      'sys.argv[0] = sys.argv[0][:-11]',
      'elif sys.argv[0].endswith(".exe"):',
      'sys.argv[0] = sys.argv[0][:-4]',
      'sys.exit(main())',
    ]);
    return code.includes('from bandit.cli.main import main') && code.every((line) => known.has(line));
  } catch {
    return false;
  }
}

/**
 * How a worker runs the same Bandit as `command`: `python -m bandit` gives
 * the interpreter; a script gives it by its shebang, when the script is
 * Bandit's own entry point (anything else, a wrapper that might filter
 * results, is run as it is, one-shot). Undefined: no worker for this Bandit.
 */
export function interpreterOf(command: BanditCommand, env: NodeJS.ProcessEnv): { interpreter: string; flags: string[] } | undefined {
  if (command.prefix.length === 2 && command.prefix[0] === '-m' && command.prefix[1] === 'bandit') {
    return /python[0-9.]*$/.test(basename(command.executable)) ? { interpreter: command.executable, flags: [] } : undefined;
  }
  if (command.prefix.length > 0 || !isBanditEntryPoint(command.executable)) return undefined;
  let line: string;
  try {
    line = firstLine(command.executable, 256);
  } catch {
    return undefined;
  }
  if (!line.startsWith('#!')) return undefined;
  const shebang = line.slice(2).trim();
  const words = shebang.split(/\s+/).filter(Boolean);
  const program = shebangProgram(shebang, env);
  if (program === undefined || !/python[0-9.]*$/.test(basename(program))) return undefined;
  // `#!/usr/bin/python3 -s`: the flags follow; `#!/usr/bin/env python3`: nothing else is taken.
  const flags = /(^|\/)env$/.test(words[0] ?? '') ? [] : words.slice(1);
  if (!flags.every((flag) => /^-[A-Za-z]+$/.test(flag))) return undefined;
  return { interpreter: program, flags };
}

/**
 * The worker for this Bandit: one per user and identity (what runs, its
 * version, the temporary directory, the worker script), so a reinstalled or
 * different Bandit gets a worker of its own.
 */
export async function workerPlan(
  command: BanditCommand,
  version: string,
  ran: string,
  env: NodeJS.ProcessEnv,
): Promise<WorkerPlan | undefined> {
  const found = interpreterOf(command, env);
  const script = workerScript();
  if (!found || !script) return undefined;
  let scriptFacts: string;
  try {
    const info = statSync(script);
    scriptFacts = `${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
  const dir = runtimeDir(env);
  // Loaded here, not at the top: the hooks' bundle holds this module, and a warm commit never gets this far.
  // node:net too, for the request to come: loaded while the scan's files are still being written.
  netModule ??= builtin('node:net', () => import('node:net'));
  const digest = fnv1a64(JSON.stringify([PROTOCOL, ran, version, found, tmpdir(), process.getuid?.() ?? null, script, scriptFacts]));
  const socket = join(dir, `bandit-${digest}.sock`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) return undefined;
  const idle = Number(env.SECGATE_WORKER_IDLE);
  return {
    ...found,
    script,
    dir,
    socket,
    version,
    env,
    idleSeconds: Number.isFinite(idle) && idle > 0 ? idle : DEFAULT_IDLE_SECONDS,
  };
}

/**
 * Starts the worker, detached: its own session, no inherited descriptors
 * (a hook's stdout held open would make `git commit` wait), working
 * directory `/`. Two hooks starting it at once are fine: the second worker
 * finds the lock taken and exits.
 */
export function startWorker(plan: WorkerPlan): void {
  try {
    const child = spawn(plan.interpreter, [...plan.flags, plan.script, plan.socket, String(plan.idleSeconds), tmpdir(), plan.version], {
      cwd: '/',
      env: plan.env,
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // not started: this run and the next use one-shot Bandit
  }
}

let netModule: Promise<typeof import('node:net')> | undefined;

export type Connection = import('node:net').Socket;

/**
 * A connection to the worker opened before its request is ready (a scan opens one while it reads
 * and writes its files). Connected by then, the request leaves the moment it is written, and what
 * ask() sets up after it (timers, listeners: about 2 ms of a one-file commit) overlaps the worker's
 * work; otherwise the request waits for the connection, which completes only once all that is done.
 * Undefined when it cannot connect: ask() then connects afresh, and finds out why.
 */
export async function connectAhead(socket: string): Promise<Connection | undefined> {
  const { connect } = await (netModule ??= builtin('node:net', () => import('node:net')));
  return new Promise((resolve) => {
    const conn = connect(socket);
    // Till ask() takes it, an error only makes it unusable (it closes).
    conn.on('error', () => {});
    conn.once('connect', () => resolve(conn));
    conn.once('close', () => resolve(undefined));
  });
}

/** One request and its answer lines, over the worker's socket; rejects on any fault or timeout. */
export async function ask(
  socket: string,
  request: object,
  options: { acceptMs: number; totalMs: number; signal?: AbortSignal; lines?: number; sent?: () => void; conn?: Connection },
): Promise<unknown[]> {
  const { connect } = await (netModule ??= builtin('node:net', () => import('node:net')));
  return new Promise((resolve, reject) => {
    const wanted = options.lines ?? 1;
    const answers: unknown[] = [];
    const line = `${JSON.stringify(request)}\n`;
    // Handed to the socket: the caller may do meanwhile what it would otherwise do before it.
    const write = () => conn.write(line, () => options.sent?.());
    const ahead = options.conn?.readyState === 'open' ? options.conn : undefined;
    if (options.conn && !ahead) options.conn.destroy();
    const conn = ahead ?? connect(socket);
    // Connected already: the request goes out now, before the rest is set up.
    if (ahead) write();
    let buffer = '';
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(acceptTimer);
      clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onAbort);
      conn.destroy();
      if (error) reject(error);
      else resolve(answers);
    };
    const onAbort = () => finish(new Error('aborted'));
    const acceptTimer = setTimeout(() => finish(new Error('no answer')), options.acceptMs);
    const totalTimer = setTimeout(() => finish(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), options.totalMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    conn.setEncoding('utf8');
    conn.on('error', (error) => finish(error));
    conn.on('close', () => finish(new Error('closed before answering')));
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        try {
          answers.push(JSON.parse(line));
        } catch (error) {
          finish(error as Error);
          return;
        }
        clearTimeout(acceptTimer);
        if (answers.length >= wanted) finish();
      }
    });
    if (!ahead) write();
  });
}

/** Started at most once per run, whatever the number of batches that found no worker. */
const started = new Set<string>();

/**
 * Runs one Bandit batch in the resident worker. Undefined, for one-shot
 * Bandit instead, whenever the worker cannot be trusted to answer: its folder
 * is not private, it is not running (it is started for the next run), it does
 * not accept, it times out, it goes away, or it answers anything unexpected.
 */
export async function scanWithWorker(
  plan: WorkerPlan,
  scan: WorkerScan,
  { signal, sent, conn }: { signal?: AbortSignal | undefined; sent?: () => void; conn?: Connection | undefined } = {},
): Promise<WorkerResult | undefined> {
  if (privateDirProblem(plan.dir, true) !== undefined) {
    conn?.destroy();
    return undefined;
  }
  const request = {
    op: 'scan',
    protocol: PROTOCOL,
    cwd: scan.cwd,
    output: scan.output,
    options: scan.options,
    files: scan.files,
    timeout: scan.timeoutSeconds,
  };
  const totalMs = scan.timeoutSeconds * 1000;
  let answers: unknown[];
  try {
    answers = await ask(plan.socket, request, {
      acceptMs: Math.min(ACCEPT_TIMEOUT_MS, totalMs),
      totalMs,
      lines: 2,
      ...(signal ? { signal } : {}),
      ...(sent ? { sent } : {}),
      ...(conn ? { conn } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      // Not running: started for the next run (once per run, whatever the number of batches).
      if (!started.has(plan.socket)) {
        started.add(plan.socket);
        startWorker(plan);
      }
    } else if (!signal?.aborted) noteFallback(plan, (error as Error).message);
    return undefined;
  }
  const [accepted, answer] = answers as [Record<string, unknown> | undefined, Record<string, unknown> | undefined];
  if (accepted?.accepted !== true || !answer || typeof answer !== 'object') {
    noteFallback(plan, typeof accepted?.refused === 'string' ? `refused: ${accepted.refused}` : 'unexpected answer');
    return undefined;
  }
  if (answer.version !== plan.version || typeof answer.status !== 'number' || typeof answer.stderr !== 'string') {
    noteFallback(plan, typeof answer.refused === 'string' ? `refused: ${answer.refused}` : 'unexpected answer');
    return undefined;
  }
  return { status: answer.status, stderr: answer.stderr };
}

/** Past this, the fallback record keeps only its newer half. */
const FALLBACK_LOG_BYTES = 16 * 1024;

/**
 * Records that a batch the worker was asked for ran one-shot instead, and
 * why, beside its socket: the verdict is right either way, so a hook says
 * nothing, but a worker that keeps failing (only slower) shows in
 * `secgate worker status`. Best effort.
 */
export function noteFallback(plan: WorkerPlan, reason: string): void {
  const file = `${plan.socket}.fallbacks`;
  try {
    const line = `${new Date().toISOString()} ${reason.replace(/\s+/g, ' ').slice(0, 300)}\n`;
    let kept = '';
    try {
      const text = readFileSync(file, 'utf8');
      kept = text.length > FALLBACK_LOG_BYTES ? text.slice(text.indexOf('\n', text.length / 2) + 1) : text;
    } catch {
      // the first
    }
    writeFileSync(file, kept + line, { mode: 0o600 });
  } catch {
    // a record only
  }
}

/** How many batches fell back to one-shot Bandit, and the last reason, from the record beside a socket. */
export function fallbacksOf(socket: string): { count: number; last?: string } {
  try {
    const lines = readFileSync(`${socket}.fallbacks`, 'utf8').split('\n').filter(Boolean);
    const last = lines.at(-1);
    return last === undefined ? { count: 0 } : { count: lines.length, last };
  } catch {
    return { count: 0 };
  }
}

/** A worker found in the folder, as it describes itself; `answered: false` when its socket is there but nothing answers. */
export interface WorkerInfo {
  socket: string;
  answered: boolean;
  pid?: number;
  version?: string;
  python?: string;
  started?: number;
  scans?: number;
  /** Of those, how many a child forked ahead of its request served. */
  prepared?: number;
  /** What of Bandit the worker replaced by exact equivalents (python/secgate_worker.py accelerate()). */
  accelerated?: string[];
}

/** The workers in this user's folder, each asked how it is (briefly: a stuck one is said to be so). */
export async function listWorkers(dir: string): Promise<WorkerInfo[]> {
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^bandit-[0-9a-f]{16}\.sock$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const socket = join(dir, name);
      try {
        const [answer] = (await ask(socket, { op: 'status' }, { acceptMs: 2000, totalMs: 2000 })) as [Record<string, unknown>];
        return {
          socket,
          answered: true,
          ...(typeof answer.pid === 'number' ? { pid: answer.pid } : {}),
          ...(typeof answer.version === 'string' ? { version: answer.version } : {}),
          ...(typeof answer.python === 'string' ? { python: answer.python } : {}),
          ...(typeof answer.started === 'number' ? { started: answer.started } : {}),
          ...(typeof answer.scans === 'number' ? { scans: answer.scans } : {}),
          ...(typeof answer.prepared === 'number' ? { prepared: answer.prepared } : {}),
          ...(Array.isArray(answer.accelerated) ? { accelerated: answer.accelerated.filter((name) => typeof name === 'string') } : {}),
        };
      } catch {
        return { socket, answered: false };
      }
    }),
  );
}

/** Asks every worker in the folder to exit; the sockets of those gone without cleaning up are removed. Returns how many stopped. */
export async function stopWorkers(dir: string): Promise<{ stopped: number; stale: number }> {
  const { rm } = await import('node:fs/promises');
  let stopped = 0;
  let stale = 0;
  for (const worker of await listWorkers(dir)) {
    try {
      await ask(worker.socket, { op: 'stop' }, { acceptMs: 2000, totalMs: 2000 });
      stopped++;
      // Said stopped only once it is gone: the next scan may start a fresh one at once.
      if (worker.pid !== undefined) await exited(worker.pid, 3000);
    } catch (error) {
      // Nobody listening: a worker killed outright left its socket behind.
      if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
        await rm(worker.socket, { force: true });
        await rm(`${worker.socket}.json`, { force: true });
        await rm(`${worker.socket}.fallbacks`, { force: true });
        stale++;
      }
    }
  }
  return { stopped, stale };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits (up to `ms`) for a process to be gone. */
async function exited(pid: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
}
