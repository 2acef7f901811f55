import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { stagedEntries } from '../git/entries.js';
import { openRepo } from '../git/repo.js';
import { looseObjects } from '../git/loose.js';
import { headLinks } from '../cache/head-links.js';
import { MODE_SYMLINK } from '../git/parse.js';
import { indexSource } from '../git/source.js';
import { commitParents } from '../git/parents.js';
import { linksToChanged } from '../link-targets.js';
import { mayNeedScan } from '../pipeline.js';
import { verdictExitCode } from '../policy/evaluate.js';
import { repoConfig } from '../config/memo.js';
import { palette } from '../report/colors.js';
import { textReport } from '../report/text.js';
import { isVerbose, reportColor } from '../report/terminal.js';
import { configFileOf } from '../report/what-to-do.js';
import { judge } from './judge.js';
import { withProgress } from './with-progress.js';
import { prePush } from './pre-push.js';
import type { Command, CommandContext } from './context.js';

/**
 * `secgate run pre-commit`: judge what the commit will record, from the index.
 * `run pre-merge-commit` (a clean `git merge`) judges the same: the merge's
 * index, every staged file that differs from HEAD.
 */
async function preCommit(context: CommandContext, hook: 'pre-commit' | 'pre-merge-commit' = 'pre-commit'): Promise<number> {
  // Both git calls at once: diff-index against HEAD is right unless the branch is unborn.
  const [repo, againstHead] = await Promise.all([
    openRepo(context.cwd),
    stagedEntries(context.cwd, { head: 'HEAD', objectFormat: '' }).catch(() => undefined),
  ]);
  const staged = repo.head && againstHead ? againstHead : await stagedEntries(repo.root, repo);
  if (context.env.SECGATE_BYPASS !== undefined) {
    const { applyBypass } = await import('../bypass/apply.js');
    const { config } = await repoConfig(repo);
    // The staged blobs go into the record: the pre-push hook does not block them again (issue 14).
    const details = { paths: staged.map((t) => t.path), blobs: staged.map((t) => t.blob) };
    if (await applyBypass({ repo, bypass: config.bypass, hook, details, context })) return 0;
  }
  // HEAD's links, remembered from commit to commit: a commit in a tree of many files does not list them all.
  const stagedLinks = staged.filter((entry) => entry.mode === MODE_SYMLINK);
  // Staged files are loose objects, read without starting `git cat-file` (git/loose.ts).
  const loose = looseObjects(repo);
  const source = indexSource(repo.root, async () => [...(await headLinks(repo.root, repo.commonDir, repo.head)), ...stagedLinks], loose);
  // A staged impl.txt changes what the unchanged link app.py -> impl.txt imports: the link is judged too.
  const linked = await linksToChanged(staged, source);
  const targets = linked.length > 0 ? [...staged, ...linked] : staged;
  // The fast path: nothing Python or manifest staged, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) {
    source.close();
    return 0;
  }

  const loaded = await repoConfig(repo);
  // New or inherited: compared with HEAD (a merge's first parent: what it brings in is new to this branch).
  const parents = commitParents(repo.root, repo.head, loose);
  const verdict = await withProgress(context, (onProgress) => judge({ repo, targets, source, context, loaded, onProgress, parents }));
  // Nothing judged and nothing to say: silent. A setting that turns a check off is still said.
  if (verdict.files === 0 && verdict.notices.length === 0) return 0;
  context.stdout.write(
    textReport(verdict, {
      palette: await palette(reportColor(context)),
      verbose: isVerbose(context.env),
      configFile: configFileOf(loaded, repo.root),
    }),
  );
  return verdictExitCode(verdict);
}

export const run: Command = async (args, context) => {
  const [hook, ...rest] = args;
  switch (hook) {
    case 'pre-commit':
      if (rest.length > 0) throw new UsageError(messages.unexpectedArguments('run pre-commit', rest), { remedy: messages.usageRemedy });
      return preCommit(context);
    case 'pre-merge-commit':
      if (rest.length > 0) throw new UsageError(messages.unexpectedArguments(`run ${hook}`, rest), { remedy: messages.usageRemedy });
      return preCommit(context, hook);
    case 'pre-push':
      return prePush(rest, context);
    default:
      throw new UsageError(messages.unknownHook(hook), { remedy: messages.usageRemedy });
  }
};
