import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { isWithin } from '../../files/paths.js';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { spawnCollect } from '../../process/spawn.js';
import { withTempDir } from '../../process/temp.js';
import { parseBanditVersion } from './parse.js';

/** How to start Bandit: an executable and the arguments before Bandit's own. */
export interface BanditCommand {
  executable: string;
  prefix: string[];
  /** What the user would type, for messages. */
  display: string;
}

/** Every executable called `name` on PATH, in PATH order, as `which -a` would list them. */
function* everyOnPath(name: string, env: NodeJS.ProcessEnv): Generator<string> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      yield candidate;
    } catch {
      // not here
    }
  }
}

/** The first executable called `name` on PATH, as `which` would find it. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const candidate of everyOnPath(name, env)) return candidate;
  return undefined;
}

/** The first `name` on PATH that is not inside the repository; the ones passed over are named in `refused`. */
function onPathOutside(name: string, env: NodeJS.ProcessEnv, root: string, refused: string[]): string | undefined {
  for (const candidate of everyOnPath(name, env)) {
    if (!isInside(root, candidate)) return candidate;
    refused.push(`${candidate} (inside the repository, refused)`);
  }
  return undefined;
}

/** `~/bin/bandit` → the user's home; a config written for a team cannot know it. */
function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return (path === '~' || path.startsWith('~/')) && env.HOME ? join(env.HOME, path.slice(1)) : path;
}

function isInside(root: string, path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // a path that does not exist is judged as written
  }
  return isWithin(root, real);
}

/**
 * Finds Bandit in the documented order: SECGATE_BANDIT (the user's own
 * environment), `code.bandit` from the config, `bandit` on PATH, then
 * `python3 -m bandit`. A config cannot point into the repository: a cloned
 * repository must not choose a program for us to run.
 */
export async function findBandit(options: { root: string; env: NodeJS.ProcessEnv; configured?: string }): Promise<BanditCommand> {
  const { root, env, configured } = options;
  const tried: string[] = [];

  const fromEnv = env.SECGATE_BANDIT;
  if (fromEnv) {
    const path = isAbsolute(fromEnv) ? fromEnv : onPath(fromEnv, env);
    if (path) return { executable: path, prefix: [], display: path };
    tried.push(`SECGATE_BANDIT=${fromEnv}`);
  }

  if (configured) {
    const expanded = expandHome(configured, env);
    const path = expanded.includes('/') ? resolve(root, expanded) : onPath(expanded, env);
    if (path && isInside(root, path)) {
      throw new ToolError(messages.banditInRepository(configured), { remedy: messages.banditInRepositoryRemedy });
    }
    if (path) return { executable: path, prefix: [], display: path };
    tried.push(`code.bandit=${configured}`);
  }

  const refused: string[] = [];
  const bandit = onPathOutside('bandit', env, root, refused);
  if (bandit) return { executable: bandit, prefix: [], display: bandit };
  tried.push('bandit on PATH', ...refused.splice(0));

  const python = onPathOutside('python3', env, root, refused);
  tried.push(...refused);
  if (python) {
    const command = { executable: python, prefix: ['-m', 'bandit'], display: `${python} -m bandit` };
    if ((await probeVersion(command, env)) !== undefined) return command;
  }
  tried.push('python3 -m bandit');
  throw new ToolError(messages.banditMissing(tried), { remedy: messages.banditMissingRemedy });
}

/**
 * Runs `bandit --version`; undefined when it does not answer like Bandit (or not in time).
 * In a private empty folder, as every Bandit run: `python3 -m bandit` imports
 * from its working directory first, and in the repository that would run a
 * `bandit.py` the repository holds.
 */
export function probeVersion(command: BanditCommand, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<string | undefined> {
  return withTempDir(async (cwd) => {
    try {
      // Its own process group, stopped whole at the timeout: a child it left holding the pipe cannot hang the hook.
      const result = await spawnCollect(command.executable, [...command.prefix, '--version'], { cwd, env, group: true, timeoutMs });
      if (result.timedOut) return undefined;
      return parseBanditVersion(`${result.stdout.toString('utf8')}\n${result.stderr}`);
    } catch {
      return undefined;
    }
  });
}
