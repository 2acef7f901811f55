import { simpleGit } from 'simple-git';
import { GitError, ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { GIT_FIXED_ENV, GIT_FIXED_FLAGS, gitEnv, type GitOptions } from './exec.js';

/**
 * git through simple-git, for the commands a person runs (install,
 * uninstall, doctor), where its import cost (see README) goes unnoticed. The
 * hooks' path keeps exec.ts: this module must only be reached through a
 * dynamic import (scripts/build.js keeps it out of dist/cli.cjs).
 *
 * The same rules as exec.ts, taken from there: GIT_FIXED_FLAGS lead every
 * argv, GIT_FIXED_ENV is set over the caller's environment. simple-git's own
 * hardening stays at its defaults: it refuses unsafe options and variables
 * (core.sshCommand, GIT_SSH_COMMAND, GIT_PAGER, GIT_CONFIG_GLOBAL...) and
 * drops the caller's other git variables unless allowed, so only the fixed
 * ones and those that say which repository git works on are let through.
 */
const REPOSITORY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG_NOSYSTEM',
];
const ALLOWED = new Set([...Object.keys(GIT_FIXED_ENV), ...REPOSITORY_VARIABLES]);
/** The other variables simple-git guards, besides every GIT_*: programs git could start (npm sets EDITOR). */
const GUARDED = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

/**
 * gitEnv(), less the variables simple-git guards and secgate does not need:
 * simple-git drops such a variable from an inherited environment, but throws
 * on one set explicitly, as this environment is.
 */
export function simpleGitEnv(extra?: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(gitEnv(extra))) {
    const upper = key.toUpperCase();
    const guarded = upper.startsWith('GIT_') || GUARDED.has(upper);
    if (value !== undefined && (!guarded || ALLOWED.has(key))) env[key] = value;
  }
  return env;
}

export interface SimpleGitResult {
  stdout: string;
  status: number;
}

/**
 * Runs git with an argv array, never a shell string, and turns every failure
 * into secgate's errors as exec.ts does: git missing is a ToolError with a
 * remedy, a failure (or an exit code not in okCodes) a GitError.
 */
export async function simpleGitRun(
  cwd: string,
  args: readonly string[],
  options: Pick<GitOptions, 'env' | 'okCodes'> = {},
): Promise<SimpleGitResult> {
  let status = 0;
  let failure: Error | undefined;
  try {
    const git = simpleGit({
      baseDir: cwd,
      allowEnvironment: [...ALLOWED],
      // Called after every run: simple-git alone ignores an exit code with nothing on stderr.
      errors: (error, result) => {
        const stderr = Buffer.concat(result.stdErr).toString('utf8');
        status = result.exitCode;
        if (status === 0 || options.okCodes?.includes(status)) return undefined;
        if (status < 0 && /\bENOENT\b/.test(stderr)) {
          failure = new ToolError(messages.gitMissing, { remedy: messages.gitMissingRemedy, cause: error });
        } else failure = new GitError(args, stderr, Number.isInteger(status) ? status : null, { cause: error });
        return failure;
      },
    }).env(simpleGitEnv(options.env));
    const stdout = await git.raw([...GIT_FIXED_FLAGS, ...args]);
    return { stdout, status };
  } catch (error) {
    // simple-git wraps what it cannot run (a folder that is not there, a refused option) in its own errors.
    throw failure ?? new GitError(args, error instanceof Error ? error.message : String(error), null, { cause: error });
  }
}

/** simpleGitRun's stdout with the trailing newline removed. */
export async function simpleGitText(cwd: string, args: readonly string[], options?: Pick<GitOptions, 'env' | 'okCodes'>): Promise<string> {
  return (await simpleGitRun(cwd, args, options)).stdout.replace(/\n$/, '');
}
