import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { stagedEntries } from '../git/entries.js';
import { openRepo } from '../git/repo.js';
import { indexSource } from '../git/source.js';
import { mayNeedScan } from '../pipeline.js';
import { verdictExitCode } from '../policy/evaluate.js';
import { repoConfig } from '../config/memo.js';
import { textReport } from '../report/text.js';
import { judge } from './judge.js';
import type { Command, CommandContext } from './context.js';

function wantsColor(context: CommandContext): boolean {
  return context.isTTY && !context.env.NO_COLOR;
}

/** `secgate run pre-commit`: judge what the commit will record, from the index. */
async function preCommit(context: CommandContext): Promise<number> {
  // Both git calls at once: diff-index against HEAD is right unless the branch is unborn.
  const [repo, againstHead] = await Promise.all([
    openRepo(context.cwd),
    stagedEntries(context.cwd, { head: 'HEAD', objectFormat: '' }).catch(() => undefined),
  ]);
  const targets = repo.head && againstHead ? againstHead : await stagedEntries(repo.root, repo);
  // The fast path: nothing Python or manifest staged, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) return 0;

  const loaded = await repoConfig(repo);
  const { verdict } = await judge({ repo, targets, source: indexSource(repo.root), context, loaded });
  if (verdict.files === 0) return 0;
  context.stdout.write(textReport(verdict, { color: wantsColor(context) }));
  return verdictExitCode(verdict);
}

export const run: Command = async (args, context) => {
  const [hook, ...rest] = args;
  switch (hook) {
    case 'pre-commit':
      if (rest.length > 0) throw new UsageError(messages.unexpectedArguments('run pre-commit', rest), { remedy: messages.usageRemedy });
      return preCommit(context);
    case 'pre-push': {
      const { prePush } = await import('./pre-push.js');
      return prePush(rest, context);
    }
    default:
      throw new UsageError(messages.unknownHook(hook), { remedy: messages.usageRemedy });
  }
};
