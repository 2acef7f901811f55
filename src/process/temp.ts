import { lstatSync, mkdtempSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError, isSecgateError } from '../errors.js';
import { messages } from '../messages.js';
import { onExit } from './on-exit.js';

/**
 * secgate's own run directories: `secgate-<pid>-XXXXXX`, the pid of the run
 * that made it. Nothing else is ever removed (tests' `secgate-test-…` folders,
 * other programs' files): the pid right after the prefix is what tells.
 */
const RUN_DIR = /^secgate-(\d+)-[A-Za-z0-9]{6}$/;

/** Errors that mean the temporary directory cannot hold our files, rather than a fault of the content. */
const TEMP_FAULTS = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
  'ELOOP',
  'EMFILE',
  'ENFILE',
]);

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's. Only "no such process" is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the run directories of earlier secgate runs that died without
 * cleaning up (`kill -9`, a power cut): owned by this user, private (0700),
 * and their process gone. Staged content must not outlive its run for good.
 * Best effort: a directory it cannot inspect or remove is left alone.
 */
export function removeStaleTempDirs(root: string = tmpdir()): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = RUN_DIR.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    const path = join(root, name);
    try {
      const info = lstatSync(path);
      if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o777) !== 0o700) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // someone else's race, or not ours to remove
    }
  }
}

/** `fn`, with a path gone meanwhile (ENOENT) taken as done. */
function unlessGone(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * A folder and everything in it, links removed as links: what rmSync's recursive removal does for a
 * run directory (a few files, one folder), without loading Node's rimraf, about a millisecond of a
 * cold commit.
 */
function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeTree(path);
    else unlessGone(() => unlinkSync(path));
  }
  unlessGone(() => rmdirSync(dir));
}

/**
 * Removes a run directory, walking it again while something still creates files in it: a resident
 * Bandit's scan of this run makes its report here, and a Ctrl-C removes the folder meanwhile (the
 * worker ends such a scan once this process is gone). Any other failure is left to rmSync, which
 * retries what can be retried and says why it could not.
 */
function removeDir(dir: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      removeTree(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') {
        rmSync(dir, { recursive: true, force: true });
        return;
      }
      if (attempt >= 10) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

function tempError(root: string, error: unknown): ToolError {
  const { code, message } = error as NodeJS.ErrnoException;
  return new ToolError(messages.tempUnusable(root, code ?? message), { remedy: messages.tempUnusableRemedy, cause: error });
}

/**
 * Runs `fn` with a private temporary directory (mode 0700, from mkdtemp) that
 * is removed afterwards, on exit, and on Ctrl-C: staged content written there
 * never outlives the run (and a run killed outright is cleaned up by the next).
 * A temporary directory that is missing, full or unwritable is a tool error
 * that says so, never an internal error.
 */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const root = tmpdir();
  // Dead runs' folders are swept at the first idle moment (Bandit running), not before this run's
  // own work: listing the temporary directory costs a cold commit a millisecond or two.
  let swept = false;
  const sweep = () => {
    if (swept) return;
    swept = true;
    removeStaleTempDirs(root);
  };
  const idle = setImmediate(sweep);
  let dir: string;
  try {
    dir = mkdtempSync(join(root, `secgate-${process.pid}-`));
  } catch (error) {
    throw tempError(root, error);
  }
  const remove = () => removeDir(dir);
  const forget = onExit(remove);
  try {
    return await fn(dir);
  } catch (error) {
    // Writing the staged copy failed (a full disk, a path too long): the temporary directory's fault, said so.
    // A write's ENOSPC names no path; nothing but the staged copy is written to disk in here.
    const { code, path } = error as NodeJS.ErrnoException;
    const ours = typeof path === 'string' ? path.startsWith(dir) : code === 'ENOSPC' || code === 'EDQUOT';
    if (code !== undefined && TEMP_FAULTS.has(code) && ours && !isSecgateError(error)) throw tempError(root, error);
    throw error;
  } finally {
    forget();
    remove();
    clearImmediate(idle);
    sweep();
  }
}
