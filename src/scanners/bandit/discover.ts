import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { parseBanditVersion } from './parse.js';

/** How to start Bandit: an executable and the arguments before Bandit's own. */
export interface BanditCommand {
  executable: string;
  prefix: string[];
  /** What the user would type, for messages. */
  display: string;
}

/** The first executable called `name` on PATH, as `which` would find it. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function isInside(root: string, path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // a path that does not exist is judged as written
  }
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
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
    const path = configured.includes('/') ? resolve(root, configured) : onPath(configured, env);
    if (path && isInside(root, path)) {
      throw new ToolError(messages.banditInRepository(configured), { remedy: messages.banditInRepositoryRemedy });
    }
    if (path) return { executable: path, prefix: [], display: path };
    tried.push(`code.bandit=${configured}`);
  }

  const bandit = onPath('bandit', env);
  if (bandit && !isInside(root, bandit)) return { executable: bandit, prefix: [], display: bandit };
  tried.push('bandit on PATH');

  const python = onPath('python3', env);
  if (python && !isInside(root, python)) {
    const command = { executable: python, prefix: ['-m', 'bandit'], display: `${python} -m bandit` };
    if ((await probeVersion(command, env)) !== undefined) return command;
  }
  tried.push('python3 -m bandit');
  throw new ToolError(messages.banditMissing(tried), { remedy: messages.banditMissingRemedy });
}

/** Runs `bandit --version`; undefined when it does not answer like Bandit. */
export function probeVersion(command: BanditCommand, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolveVersion) => {
    execFile(command.executable, [...command.prefix, '--version'], { env, timeout: 30_000 }, (_error, stdout, stderr) => {
      resolveVersion(parseBanditVersion(`${String(stdout)}\n${String(stderr)}`));
    });
  });
}
