import { GitError, ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { spawnCollect, spawnCollectSync, type SpawnResult } from '../process/spawn.js';

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

function gitEnv(options: GitOptions): NodeJS.ProcessEnv {
  return options.env ? { ...process.env, ...options.env } : process.env;
}

/** Turns a start failure into the right error: git missing is a tool error with a remedy. */
function startFailure(args: readonly string[], error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new ToolError(messages.gitMissing, { remedy: messages.gitMissingRemedy, cause: error });
  }
  throw new GitError(args, (error as Error).message, null, { cause: error });
}

function finish(args: readonly string[], result: SpawnResult, options: GitOptions): GitResult {
  // Killed by a signal: status null, never an answer, whatever okCodes allows.
  if (result.signal) throw new GitError(args, `${messages.childKilled(result.signal)}\n${result.stderr}`, null);
  const status = result.status ?? -1;
  if (status !== 0 && !options.okCodes?.includes(status)) throw new GitError(args, result.stderr, result.status);
  return { stdout: result.stdout, status };
}

/** What both runners hand to the process layer. */
function spawnOptions(cwd: string, options: GitOptions) {
  return { cwd, env: gitEnv(options), ...(options.input === undefined ? {} : { input: options.input }) };
}

/**
 * The one function that runs git. Takes the repository directory explicitly,
 * never process.cwd(); an argv array, never a shell string.
 */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  let result;
  try {
    result = await spawnCollect('git', [...GIT_FIXED_FLAGS, ...args], spawnOptions(cwd, options));
  } catch (error) {
    startFailure(args, error);
  }
  return finish(args, result, options);
}

/**
 * git(), blocking: for the quick calls a hook makes before anything else runs
 * (rev-parse, diff-index), where it saves the cost of node's async pipes.
 */
export function gitSync(cwd: string, args: readonly string[], options: GitOptions = {}): GitResult {
  let result;
  try {
    result = spawnCollectSync('git', [...GIT_FIXED_FLAGS, ...args], spawnOptions(cwd, options));
  } catch (error) {
    startFailure(args, error);
  }
  return finish(args, result, options);
}

/** Runs git and returns stdout as text with the trailing newline removed. */
export async function gitText(cwd: string, args: readonly string[], options?: GitOptions): Promise<string> {
  const { stdout } = await git(cwd, args, options);
  return stdout.toString('utf8').replace(/\n$/, '');
}
