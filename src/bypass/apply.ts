import type { CommandContext } from '../commands/context.js';
import type { Config } from '../config/types.js';
import { ToolError, UsageError } from '../errors.js';
import type { Repo } from '../git/repo.js';
import { messages } from '../messages.js';
import { bypassLogPath, decideBypass, recordBypass, type BypassEntry, type PushedRef } from './bypass.js';
import { gitUser } from './user.js';

/** What was being bypassed: the staged paths of a commit, or the refs of a push. */
export type BypassDetails = { paths: readonly string[]; blobs?: readonly string[] } | { remote?: string; refs: readonly PushedRef[] };

export interface ApplyBypassInput {
  repo: Pick<Repo, 'root' | 'commonDir'>;
  /** The config's `bypass` section. */
  bypass: Config['bypass'];
  hook: 'pre-commit' | 'pre-merge-commit' | 'pre-push';
  details: BypassDetails;
  /** SECGATE_BYPASS is read from env; the warning goes to stderr. */
  context: Pick<CommandContext, 'env' | 'stderr'>;
  now?: Date;
}

/**
 * The bypass at the start of `secgate run <hook>`. Returns true when the hook
 * should pass without scanning: the bypass is then recorded and announced.
 * Throws UsageError (exit 2, blocks) when SECGATE_BYPASS is refused, and
 * ToolError (exit 3) when the record cannot be written: a bypass always
 * leaves a record or does not happen.
 */
export async function applyBypass(input: ApplyBypassInput): Promise<boolean> {
  const { repo, hook, details, context } = input;
  const decision = decideBypass(context.env.SECGATE_BYPASS, input.bypass);
  if (decision.kind === 'none') return false;
  if (decision.kind === 'refused') throw new UsageError(decision.message, { remedy: decision.remedy });

  const entry: BypassEntry = {
    time: (input.now ?? new Date()).toISOString(),
    user: await gitUser(repo.root),
    hook,
    ...('paths' in details
      ? { paths: [...details.paths], ...(details.blobs ? { blobs: [...new Set(details.blobs)] } : {}) }
      : { ...(details.remote === undefined ? {} : { remote: details.remote }), refs: [...details.refs] }),
    reason: decision.reason,
  };
  let log: string;
  try {
    log = await recordBypass(repo.commonDir, entry);
  } catch (error) {
    throw new ToolError(messages.bypassNotRecorded(bypassLogPath(repo.commonDir), (error as Error).message), {
      remedy: messages.bypassNotRecordedRemedy,
      cause: error,
    });
  }
  context.stderr.write(messages.bypassWarning(hook, decision.reason, log));
  return true;
}
