import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * This user's private folder for what secgate keeps between runs outside any
 * repository (the resident Bandit's sockets, the V8 code cache of its bundle):
 * SECGATE_WORKER_DIR, else `$XDG_RUNTIME_DIR/secgate`, else `<tmp>/secgate-worker-<uid>`.
 */
export function runtimeDir(env: NodeJS.ProcessEnv): string {
  if (env.SECGATE_WORKER_DIR) return env.SECGATE_WORKER_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'secgate');
  return join(tmpdir(), `secgate-worker-${process.getuid?.() ?? 'user'}`);
}

/**
 * Why `dir` is not a folder only this user can enter (undefined when it is):
 * a real directory (not a link), owned by this user, mode 0700. Checked
 * before each use: anyone else able to write there could feed results to a
 * hook (a socket) or run code in it (a code cache).
 */
export function privateDirProblem(dir: string, create: boolean): string | undefined {
  if (create) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return (error as NodeJS.ErrnoException).code ?? 'cannot be made';
    }
  }
  let info;
  try {
    info = lstatSync(dir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unreadable';
  }
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (!info.isDirectory()) return 'not a directory';
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `owned by uid ${info.uid}`;
  if ((info.mode & 0o777) !== 0o700) return `mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}, not 0700`;
  return undefined;
}
