import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { stagedEntries } from '../git/entries.js';
import { openRepo } from '../git/repo.js';
import { indexSource } from '../git/source.js';
import { mayNeedScan } from '../pipeline.js';
import { verdictExitCode } from '../policy/evaluate.js';
import type { Command, CommandContext } from './context.js';

function wantsColor(context: CommandContext): boolean {
  return context.isTTY && !context.env.NO_COLOR;
}

/** `secgate run pre-commit`: judge what the commit will record, from the index. */
async function preCommit(context: CommandContext): Promise<number> {
  const repo = await openRepo(context.cwd);
  const targets = await stagedEntries(repo.root);
  // The fast path: nothing Python or manifest staged, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) return 0;

  const { loadConfig } = await import('../config/load.js');
  const loaded = await loadConfig(repo.root);
  const { judge } = await import('./judge.js');
  const { verdict } = await judge({ repo, targets, source: indexSource(repo.root), context, loaded });
  if (verdict.files === 0) return 0;
  const { textReport } = await import('../report/text.js');
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
