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

/**
 * Set on every git call, over the caller's environment, so git shows the
 * objects as they are and never goes to the network:
 * - replace refs (`git replace`) and grafts would show other content than the
 *   commit records, to the hook and to the cache key alike;
 * - a partial clone fetches a missing object from its promisor remote;
 *   GIT_NO_LAZY_FETCH forbids that from git 2.44, and GIT_ALLOW_PROTOCOL
 *   naming no real protocol forbids every transport before that (it overrides
 *   any `protocol.*.allow` config). A missing object is then a git failure
 *   (exit 3), never fetched, never a pass.
 */
export const GIT_FIXED_ENV: Readonly<Record<string, string>> = {
  GIT_NO_REPLACE_OBJECTS: '1',
  // A path that cannot be opened (git warns about a grafts file it opens, even an empty one).
  GIT_GRAFT_FILE: '/dev/null/secgate-no-grafts',
  GIT_NO_LAZY_FETCH: '1',
  GIT_ALLOW_PROTOCOL: 'secgate_never',
};

/** The environment of every git call: the caller's (GIT_INDEX_FILE, GIT_DIR in hooks), then GIT_FIXED_ENV. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, ...GIT_FIXED_ENV };
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
  return { cwd, env: gitEnv(options.env), ...(options.input === undefined ? {} : { input: options.input }) };
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
