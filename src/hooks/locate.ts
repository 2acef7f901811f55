import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { GitError } from '../errors.js';
import { simpleGitRun } from '../git/simple.js';

export type HuskyLayout = 'v9' | 'legacy';

export interface Husky {
  layout: HuskyLayout;
  /** Where the user's husky hook files live (`.husky`), into which secgate adds its block. */
  userDir: string;
}

export interface HooksPathSetting {
  /** As configured, e.g. `.husky/_`. */
  value: string;
  /** `local`, `global`, `system`, `worktree` or `command`. */
  scope: string;
}

export interface HookLocation {
  /** The work tree's top level. */
  root: string;
  /** The git directory shared by all worktrees. */
  commonDir: string;
  /** Where git runs hooks from (`git rev-parse --git-path hooks`), absolute. */
  hooksDir: string;
  /** Where hooks live when core.hooksPath is not set: `<common-dir>/hooks`. */
  defaultHooksDir: string;
  /** core.hooksPath, when it sends git to another directory than the default. */
  hooksPath: HooksPathSetting | undefined;
  husky: Husky | undefined;
}

/**
 * Husky v9 sets core.hooksPath to `.husky/_`, whose stubs source `_/h`, which
 * runs the user's `.husky/<hook>`. Husky 5–8 set it to `.husky`, whose files
 * source `_/husky.sh` and are the hooks themselves.
 */
export function detectHusky(hooksDir: string): Husky | undefined {
  if (basename(hooksDir) === '_' && existsSync(join(hooksDir, 'h'))) return { layout: 'v9', userDir: dirname(hooksDir) };
  if (existsSync(join(hooksDir, '_', 'husky.sh'))) return { layout: 'legacy', userDir: hooksDir };
  return undefined;
}

/** `git config --show-scope` prints `local\t.husky/_`. */
export function parseScopedValue(output: string): HooksPathSetting | undefined {
  const line = output.split('\n')[0] ?? '';
  const tab = line.indexOf('\t');
  if (tab < 0 || line.slice(tab + 1) === '') return undefined;
  return { scope: line.slice(0, tab), value: line.slice(tab + 1) };
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Finds where git will run this repository's hooks. Linked worktrees and
 * submodules have their own git dirs; `--git-path hooks` answers for all of
 * them and for core.hooksPath. Returns undefined outside a work tree.
 * Through simple-git: only install, uninstall and doctor ask (never a hook).
 */
export async function locateHooks(cwd: string): Promise<HookLocation | undefined> {
  let lines: string[];
  try {
    const { stdout } = await simpleGitRun(cwd, ['rev-parse', '--show-toplevel', '--git-common-dir', '--git-path', 'hooks']);
    lines = stdout.split('\n');
  } catch (error) {
    // A bare repository or no repository at all (a missing git is a ToolError and passes through).
    if (error instanceof GitError) return undefined;
    throw error;
  }
  const [root, commonDir, hooksDir] = lines;
  if (!root || !commonDir || !hooksDir) return undefined;
  // Both are relative to cwd unless absolute.
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  const location = { root, commonDir: absolute(commonDir), hooksDir: absolute(hooksDir) };
  const defaultHooksDir = join(location.commonDir, 'hooks');

  const { stdout } = await simpleGitRun(cwd, ['config', '--show-scope', '--get', 'core.hooksPath'], { okCodes: [1] });
  const setting = parseScopedValue(stdout);
  // core.hooksPath naming the default directory changes nothing.
  const hooksPath = setting && real(location.hooksDir) !== real(defaultHooksDir) ? setting : undefined;
  return { ...location, defaultHooksDir, hooksPath, husky: hooksPath ? detectHusky(location.hooksDir) : undefined };
}
