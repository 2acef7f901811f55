import type { Readable } from 'node:stream';
import { repoConfig } from '../config/memo.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { gitText } from '../git/exec.js';
import { frameworkPush, frameworkPushLine } from '../git/framework-push.js';
import { parsePushLines, planPush, pushedCommits, pushRemote, pushTargets, remoteExclusion } from '../git/push.js';
import { allPlannedEntries, pushFacts, pushSource } from '../git/pushed.js';
import { openRepo } from '../git/repo.js';
import { mayNeedScan } from '../pipeline.js';
import { verdictExitCode } from '../policy/evaluate.js';
import { palette } from '../report/colors.js';
import { textReport } from '../report/text.js';
import type { CommandContext } from './context.js';
import { judge } from './judge.js';
import { reportColor } from '../report/terminal.js';
import { withProgress } from './with-progress.js';

/** The whole of stdin, every ref line: git writes them all, then closes the pipe. */
async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `secgate run pre-push` with no arguments under the pre-commit framework: the
 * remote and the ref line from its PRE_COMMIT_* variables (it has read git's
 * stdin itself). Without them there is no push to read: a usage error.
 */
async function fromFramework(context: CommandContext): Promise<{ args: string[]; text: string } | undefined> {
  const push = frameworkPush(context.env);
  if (push === undefined) return undefined;
  if (push === 'half-range') throw new UsageError(messages.frameworkPushHalfRange, { remedy: messages.pushArgumentsRemedy });
  const args = [push.remoteName, push.remoteUrl];
  // From git's refs the framework passes object ids; `pre-commit run --from-ref/--to-ref` passes what it was given (origin/main).
  const commit = async (rev: string) => gitText(context.cwd, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`]);
  if (push.range) {
    const [from, to] = await Promise.all([commit(push.range.from), commit(push.range.to)]);
    return { args, text: frameworkPushLine({ ...push, range: { from, to } }, to) };
  }
  // "All files": the framework named the local ref but not its commit.
  return { args, text: frameworkPushLine(push, await commit(push.localRef)) };
}

/**
 * `secgate run pre-push <remote> <url>`, refs on stdin: judges the files the
 * pushed commits change, at the pushed commits, for every ref at once. One
 * bad ref blocks the whole push (git pushes all or nothing after this hook),
 * and the report names the ref and commit of each finding.
 */
export async function prePush(args: string[], context: CommandContext): Promise<number> {
  const input = args.length === 0 ? await fromFramework(context) : undefined;
  const [name, url] = input?.args ?? args;
  if (name === undefined || args.length > 2) throw new UsageError(messages.pushArguments(args), { remedy: messages.pushArgumentsRemedy });
  const { lines, invalid } = parsePushLines(input?.text ?? (await readAll(context.stdin)));
  // A line we cannot read may be a ref we would not check: refuse rather than pass it.
  if (invalid.length > 0) throw new UsageError(messages.pushLineInvalid(invalid), { remedy: messages.pushInputRemedy });
  if (lines.length === 0) return 0;

  const repo = await openRepo(context.cwd);
  // A bypass passes before any push planning: it must work even when that planning would fail.
  if (context.env.SECGATE_BYPASS !== undefined) {
    const { applyBypass } = await import('../bypass/apply.js');
    const { config } = await repoConfig(repo);
    if (await applyBypass({ repo, bypass: config.bypass, hook: 'pre-push', details: { remote: name, refs: lines }, context })) return 0;
  }
  const checked = await pushFacts(repo.root, lines);
  const remoteCommits = checked.flatMap(({ facts }) => (facts.remoteCommit === undefined ? [] : [facts.remoteCommit]));
  const exclude = remoteExclusion(pushRemote(name, url), remoteCommits);
  const plans = checked.map(({ line, facts }) => planPush(line, facts, exclude));
  const targets = pushTargets(lines, plans, await allPlannedEntries(repo.root, plans));
  // The fast path: no Python file or manifest pushed, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) return 0;

  const loaded = await repoConfig(repo);
  const source = pushSource(repo.root, pushedCommits(plans));
  const verdict = await withProgress(context, (onProgress) => judge({ repo, targets, source, context, loaded, onProgress }));
  if (verdict.files === 0) return 0;
  context.stdout.write(textReport(verdict, { palette: await palette(reportColor(context)) }));
  return verdictExitCode(verdict);
}
