import type { Readable } from 'node:stream';
import { repoConfig } from '../config/memo.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { parsePushLines, planPush, pushedCommits, pushRemote, pushTargets, remoteExclusion } from '../git/push.js';
import { allPlannedEntries, pushFacts, pushSource } from '../git/pushed.js';
import { openRepo } from '../git/repo.js';
import { linksToChanged } from '../link-targets.js';
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
 * `secgate run pre-push <remote> <url>`, refs on stdin: judges the files the
 * pushed commits change, at the pushed commits, for every ref at once. One
 * bad ref blocks the whole push (git pushes all or nothing after this hook),
 * and the report names the ref and commit of each finding.
 */
export async function prePush(args: string[], context: CommandContext): Promise<number> {
  const [name, url] = args;
  if (name === undefined || args.length > 2) throw new UsageError(messages.pushArguments(args), { remedy: messages.pushArgumentsRemedy });
  const { lines, invalid } = parsePushLines(await readAll(context.stdin));
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
  const pushed = pushTargets(lines, plans, await allPlannedEntries(repo.root, plans));
  const source = pushSource(repo.root, pushedCommits(plans));
  // A pushed change to a link's target changes what the link imports: the link is judged too.
  const linked = await linksToChanged(pushed, source);
  const targets = linked.length > 0 ? [...pushed, ...linked] : pushed;
  // The fast path: no Python file or manifest pushed, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) {
    source.close();
    return 0;
  }

  const loaded = await repoConfig(repo);
  const verdict = await withProgress(context, (onProgress) => judge({ repo, targets, source, context, loaded, onProgress }));
  if (verdict.files === 0) return 0;
  context.stdout.write(textReport(verdict, { palette: await palette(reportColor(context)) }));
  return verdictExitCode(verdict);
}
