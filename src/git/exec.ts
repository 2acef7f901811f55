import { GitError, ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { spawnCollect } from '../process/spawn.js';

export interface GitOptions {
  /** Bytes to write to git's stdin. */
  input?: string | Buffer;
  /** Extra environment; the caller's environment (GIT_INDEX_FILE, GIT_DIR in hooks) is kept. */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers, not failures (e.g. 1 from `rev-parse --verify -q`). */
  okCodes?: readonly number[];
}

export interface GitResult {
  stdout: Buffer;
  status: number;
}

/**
 * Fixed flags on every call: paths unquoted (we parse -z output anyway), no
 * pager, no optional locks (a hook must never take index.lock from the commit
 * that is running it).
 */
export const GIT_FIXED_FLAGS = ['-c', 'core.quotepath=off', '--no-pager', '--no-optional-locks'] as const;

/**
 * The one function that runs git. Takes the repository directory explicitly,
 * never process.cwd(); an argv array, never a shell string.
 */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  let result;
  try {
    result = await spawnCollect('git', [...GIT_FIXED_FLAGS, ...args], {
      cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ToolError(messages.gitMissing, { remedy: messages.gitMissingRemedy, cause: error });
    }
    throw new GitError(args, (error as Error).message, null, { cause: error });
  }
  const status = result.status ?? -1;
  if (status !== 0 && !options.okCodes?.includes(status)) throw new GitError(args, result.stderr, result.status);
  return { stdout: result.stdout, status };
}

/** Runs git and returns stdout as text with the trailing newline removed. */
export async function gitText(cwd: string, args: readonly string[], options?: GitOptions): Promise<string> {
  const { stdout } = await git(cwd, args, options);
  return stdout.toString('utf8').replace(/\n$/, '');
}
