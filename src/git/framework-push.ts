import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { gitText } from './exec.js';

/**
 * The pre-push input when the pre-commit framework runs secgate
 * (`secgate-pre-push` in .pre-commit-config.yaml). The framework reads git's
 * stdin itself and hands a hook one range in environment variables:
 * PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF, with PRE_COMMIT_REMOTE_NAME/_URL and
 * PRE_COMMIT_LOCAL_BRANCH/_REMOTE_BRANCH. When the push carries a root commit
 * it sets no range at all ("all files"). Pure: the caller resolves the local
 * ref when there is no range.
 */
export interface FrameworkPush {
  remoteName: string;
  remoteUrl: string;
  localRef: string;
  remoteRef: string;
  /** The range; absent when the framework checks "all files" (the push holds a root commit). */
  range: { from: string; to: string } | undefined;
}

/**
 * `pre-commit run --hook-stage push --from-ref A --to-ref B` (as CI runs it)
 * sets the range without a remote: the push then goes to no named remote, and
 * only the range's own base counts as what the remote has.
 */
export const NO_REMOTE = '(no remote: pre-commit run --from-ref/--to-ref)';

/** Undefined when the framework did not start this run, or gave neither a remote nor a range: then there is nothing to read. */
export function frameworkPush(env: NodeJS.ProcessEnv): FrameworkPush | undefined | 'half-range' {
  if (env.PRE_COMMIT !== '1') return undefined;
  const from = env.PRE_COMMIT_FROM_REF || undefined;
  const to = env.PRE_COMMIT_TO_REF || undefined;
  const remoteName = env.PRE_COMMIT_REMOTE_NAME || undefined;
  if (!remoteName && from === undefined && to === undefined) return undefined;
  // One end without the other is not a range we can check.
  if ((from === undefined) !== (to === undefined)) return 'half-range';
  return {
    remoteName: remoteName ?? NO_REMOTE,
    remoteUrl: env.PRE_COMMIT_REMOTE_URL || (remoteName ?? NO_REMOTE),
    localRef: env.PRE_COMMIT_LOCAL_BRANCH || 'HEAD',
    remoteRef: env.PRE_COMMIT_REMOTE_BRANCH || 'HEAD',
    range: from !== undefined && to !== undefined ? { from, to } : undefined,
  };
}

/**
 * The pre-push line git would have written for that range. Without a range
 * the remote's commit is unknown, so the line says "new ref" (a null id):
 * every commit the remote's tracking refs lack is judged.
 */
export function frameworkPushLine(push: FrameworkPush, localSha: string): string {
  const remoteSha = push.range?.from ?? '0'.repeat(localSha.length);
  return `${push.localRef} ${localSha} ${push.remoteRef} ${remoteSha}`;
}

/**
 * `secgate run pre-push` with no arguments under the pre-commit framework: the
 * remote and the ref line from its PRE_COMMIT_* variables. Undefined when they
 * are not there (the caller then refuses the missing arguments).
 */
export async function frameworkInput(cwd: string, env: NodeJS.ProcessEnv): Promise<{ args: string[]; text: string } | undefined> {
  const push = frameworkPush(env);
  if (push === undefined) return undefined;
  if (push === 'half-range') throw new UsageError(messages.frameworkPushHalfRange, { remedy: messages.pushArgumentsRemedy });
  const args = [push.remoteName, push.remoteUrl];
  // From git's refs the framework passes object ids; `pre-commit run --from-ref/--to-ref` passes what it was given (origin/main).
  const commit = async (rev: string) => gitText(cwd, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`]);
  if (push.range) {
    const [from, to] = await Promise.all([commit(push.range.from), commit(push.range.to)]);
    return { args, text: frameworkPushLine({ ...push, range: { from, to } }, to) };
  }
  // "All files": the framework named the local ref but not its commit.
  return { args, text: frameworkPushLine(push, await commit(push.localRef)) };
}
