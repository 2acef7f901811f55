import { realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { firstLine } from '../../files/first-line.js';
import type { BanditCommand } from './discover.js';
import { onPath } from './discover.js';

/** Variables that choose which `bandit` package a Python interpreter imports. */
const PYTHON_ENV = ['PYTHONPATH', 'PYTHONHOME', 'PYTHONUSERBASE', 'PYTHONNOUSERSITE', 'PYTHONSAFEPATH'] as const;

/** A file as found, the file it really is, and its size and modification time: a reinstall or an edit changes one of them. */
function fileFacts(path: string): [string, string, number, number] | [string, 'missing'] {
  try {
    const real = realpathSync(path);
    const info = statSync(real);
    return [path, real, info.size, info.mtimeMs];
  } catch {
    return [path, 'missing'];
  }
}

/** The first line of a file, when it starts with `#!`. */
function shebangOf(path: string): string | undefined {
  try {
    const line = firstLine(path, 256);
    return line.startsWith('#!') ? line.slice(2).trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The program a shebang starts: `#!/usr/bin/python3` names it,
 * `#!/usr/bin/env [-S] python3 …` looks it up on PATH (as env would).
 */
export function shebangProgram(shebang: string, env: NodeJS.ProcessEnv): string | undefined {
  const [first, ...rest] = shebang.split(/\s+/).filter(Boolean);
  if (first === undefined) return undefined;
  if (!/(^|\/)env$/.test(first)) return first;
  const name = rest.find((word) => !word.startsWith('-') && !word.includes('='));
  if (name === undefined) return undefined;
  return isAbsolute(name) ? name : (onPath(name, env) ?? name);
}

/**
 * What actually runs when secgate runs this Bandit: the executable (and, for
 * a script, its interpreter) resolved to the real files with their size and
 * modification time, the arguments before Bandit's own, and the variables
 * that steer Python's imports. Two programs that answer `--version` alike
 * (Bandit, and a wrapper that drops findings) differ here, so they never
 * share cache entries. Synchronous: a handful of quick calls on every run.
 */
export function describeProgram(command: BanditCommand, env: NodeJS.ProcessEnv): string {
  const shebang = shebangOf(command.executable);
  const interpreter = shebang === undefined ? undefined : shebangProgram(shebang, env);
  return JSON.stringify({
    executable: fileFacts(command.executable),
    shebang: shebang ?? null,
    interpreter: interpreter === undefined ? null : fileFacts(interpreter),
    prefix: command.prefix,
    python: PYTHON_ENV.map((name) => env[name] ?? null),
  });
}
