import type { Readable } from 'node:stream';
import { commitConfig } from '../config/memo.js';
import { defaultConfig } from '../config/defaults.js';
import type { Config, LoadedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { parsePushLines, planPush, pushedCommits, pushRemote, pushTargets, type PushLine, type PushPlan } from '../git/push.js';
import { pushFacts, pushSource, rangeCommits, serverCommits } from '../git/pushed.js';
import { pushParents, type PushedRef } from '../git/parents.js';
import { bypassedBlobs } from '../bypass/history.js';
import { isNullId } from '../git/parse.js';
import type { Repo } from '../git/repo.js';
import type { Target } from '../git/target.js';
import { mergeVerdicts } from '../policy/merge.js';
import { openRepo } from '../git/repo.js';
import { looseObjects } from '../git/loose.js';
import { linksToChanged } from '../link-targets.js';
import { mayNeedScan } from '../pipeline.js';
import { verdictExitCode } from '../policy/evaluate.js';
import { palette } from '../report/colors.js';
import { textReport } from '../report/text.js';
import type { CommandContext } from './context.js';
import { judge } from './judge.js';
import { isVerbose, reportColor } from '../report/terminal.js';
import { configFileOf } from '../report/what-to-do.js';
import { withProgress } from './with-progress.js';

/** The whole of stdin, every ref line: git writes them all, then closes the pipe. */
async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `secgate run pre-push <remote> <url>`, refs on stdin: judges every file
 * that the commits the server lacks introduce, for every ref at once. One
 * bad ref blocks the whole push (git pushes all or nothing after this hook),
 * and the report names the ref and commit of each finding.
 */
export async function prePush(args: string[], context: CommandContext): Promise<number> {
  // No arguments: the pre-commit framework's variables, loaded only then (a hook from git always has arguments).
  const input = args.length === 0 ? await (await import('../git/framework-push.js')).frameworkInput(context.cwd, context.env) : undefined;
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
    const bypass = await pushedBypassPolicy(repo, lines);
    if (await applyBypass({ repo, bypass, hook: 'pre-push', details: { remote: name, refs: lines }, context })) return 0;
  }
  const checked = await pushFacts(repo.root, lines);
  const remote = pushRemote(name, url);
  const server = await serverCommits(repo.root, remote, url, checked);
  const plans = checked.map(({ line, facts }) => planPush(line, facts));
  const commits = await rangeCommits(repo.root, pushedCommits(plans), server.exclude);
  const pushed = pushTargets(lines, plans, commits);
  const loose = looseObjects(repo);
  const source = pushSource(repo.root, pushedCommits(plans), commits, loose);
  // A pushed change to a link's target changes what the link imports: the link is judged too.
  const linked = await linksToChanged(pushed, source);
  const targets = linked.length > 0 ? [...pushed, ...linked] : pushed;
  // The fast path: no Python file or manifest pushed, so no config, scanner or report is loaded.
  if (!mayNeedScan(targets)) {
    source.close();
    return 0;
  }

  // New or inherited: per ref, the server's commit for it, or the merge base with what the server has (git/parents.ts).
  const pushedRefs: PushedRef[] = checked.flatMap(({ line, facts }, i) => {
    const plan = plans[i];
    return plan?.kind === 'range' ? [{ ref: line.remoteRef, tip: plan.commit, remoteCommit: facts.remoteCommit }] : [];
  });
  // Commits bypassed with a reason are not blocked again for the same blobs (the record is in .git, never in the tree).
  const bypassed = await bypassedBlobs(repo.commonDir);
  // Each ref is judged under the config of the commit it pushes; refs whose configs agree are judged together.
  const verdicts = [];
  // The suggested ignore names the config of the first pushed commit judged (usually the only one).
  let reportConfig: LoadedConfig | undefined;
  for (const group of await configGroups(repo, plans)) {
    const refs = new Set(
      lines
        .filter((_, i) => {
          const plan = plans[i];
          return plan !== undefined && plan.kind !== 'skip' && group.commits.has(plan.commit);
        })
        .map((line) => line.remoteRef),
    );
    const mine = targetsOf(targets, refs);
    if (!mayNeedScan(mine)) continue;
    reportConfig ??= group.loaded;
    const groupSource = pushSource(
      repo.root,
      pushedCommits(plans).filter((commit) => group.commits.has(commit)),
      commits,
      loose,
    );
    verdicts.push(
      await withProgress(context, (onProgress) =>
        judge({
          repo,
          targets: mine,
          source: groupSource,
          context,
          loaded: group.loaded,
          onProgress,
          parents: pushParents(repo.root, pushedRefs, commits, loose),
          bypassed,
        }),
      ),
    );
  }
  source.close();
  const verdict = mergeVerdicts(verdicts);
  if (verdict.files === 0 && verdict.notices.length === 0) return 0;
  if (server.distrusted && remote.kind === 'named') {
    const message =
      server.distrusted === 'other-url' ? messages.pushTrackingOtherUrl(remote.name) : messages.pushTrackingStale(remote.name);
    verdict.notices.push({ message });
  }
  context.stdout.write(
    textReport(verdict, {
      palette: await palette(reportColor(context)),
      verbose: isVerbose(context.env),
      configFile: reportConfig === undefined ? undefined : configFileOf(reportConfig, repo.root),
    }),
  );
  return verdictExitCode(verdict);
}

/** The pushed commits grouped by the config each holds (usually one group). */
async function configGroups(repo: Repo, plans: readonly PushPlan[]): Promise<{ loaded: LoadedConfig; commits: Set<string> }[]> {
  const groups = new Map<string, { loaded: LoadedConfig; commits: Set<string> }>();
  for (const commit of pushedCommits(plans)) {
    const loaded = await commitConfig(repo, commit);
    const key = JSON.stringify(loaded);
    const group = groups.get(key);
    if (group) group.commits.add(commit);
    else groups.set(key, { loaded, commits: new Set([commit]) });
  }
  return [...groups.values()];
}

/** The targets pushed on these refs, each naming only those of its origins. */
function targetsOf(targets: readonly Target[], refs: ReadonlySet<string>): Target[] {
  return targets.flatMap((target) => {
    const origin = target.origin?.filter((o) => refs.has(o.ref)) ?? [];
    return origin.length > 0 ? [{ ...target, origin }] : [];
  });
}

/**
 * The bypass rules for a push: the strictest of the pushed tips' configs (a
 * bypass is refused if any pushed commit refuses it). Read before any push
 * planning, from the pushed ids as given; a push of deletions only has the defaults.
 */
async function pushedBypassPolicy(repo: Repo, lines: readonly PushLine[]): Promise<Config['bypass']> {
  const policy = { ...defaultConfig().bypass };
  for (const sha of new Set(lines.map((line) => line.localSha).filter((sha) => !isNullId(sha)))) {
    const { bypass } = (await commitConfig(repo, sha)).config;
    policy.allowed &&= bypass.allowed;
    policy.requireReason ||= bypass.requireReason;
  }
  return policy;
}
