import { lstat, readFile, readlink, writeFile } from '../process/fs-async.js';
import { relative, resolve, sep } from 'node:path';
import { ToolError, UsageError } from '../errors.js';
import { isWithin } from '../files/paths.js';
import { messages } from '../messages.js';
import { parseOptions } from './options.js';
import { changedEntries, indexEntries, stagedEntries } from '../git/entries.js';
import { git, gitText } from '../git/exec.js';
import { MODE_SYMLINK, type TreeEntry } from '../git/parse.js';
import { openRepo, type Repo } from '../git/repo.js';
import { looseObjects } from '../git/loose.js';
import { commitSource, diskSource, indexSource, type ContentSource } from '../git/source.js';
import { commitParents, sinceParents, type ChangeParents } from '../git/parents.js';
import { commitConfig, diskConfig, repoConfig } from '../config/memo.js';
import type { LoadedConfig } from '../config/types.js';
import { verdictExitCode } from '../policy/evaluate.js';
import { REPORTERS, isReportFormat } from '../report/index.js';
import { withReportTarget } from '../report/error-report.js';
import { createProgress } from '../report/progress.js';
import { isVerbose, reportColor, wantsEscapes } from '../report/terminal.js';
import { configFileOf } from '../report/what-to-do.js';
import { palette } from '../report/colors.js';
import { textSummary } from '../report/text.js';
import type { Verdict } from '../findings.js';
import { linksToChanged } from '../link-targets.js';
import type { ProgressEvent } from '../pipeline.js';
import type { Command, CommandContext } from './context.js';
import { judge } from './judge.js';

const OPTIONS = {
  staged: { type: 'boolean' },
  all: { type: 'boolean' },
  since: { type: 'string' },
  format: { type: 'string', short: 'f', default: 'text' },
  output: { type: 'string', short: 'o' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/**
 * The files git lists under a folder. A name that is not UTF-8 cannot be
 * opened by its decoded name, and skipping it would pass a file unread: a
 * tool error (exit 3) that says how to scan it instead.
 */
async function listedFiles(root: string, folder: string): Promise<string[]> {
  const { stdout } = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', folder]);
  const files: string[] = [];
  for (const raw of stdout.toString('latin1').split('\0')) {
    if (raw === '') continue;
    const bytes = Buffer.from(raw, 'latin1');
    const path = bytes.toString('utf8');
    if (!Buffer.from(path, 'utf8').equals(bytes)) {
      throw new ToolError(messages.pathNotUtf8(path), { remedy: messages.pathNotUtf8Remedy });
    }
    files.push(path);
  }
  return files;
}

/** Explicit paths (files or folders) from the disk, as they are now. */
async function diskEntries(repo: Repo, cwd: string, paths: string[]): Promise<TreeEntry[]> {
  const entries = new Map<string, TreeEntry>();
  // Only explicit paths hash content: node:crypto stays out of the hooks' path.
  const { blobId } = await import('../git/blob-id.js');
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    const rel = relative(repo.root, absolute);
    if (!isWithin(repo.root, absolute)) throw new UsageError(messages.pathOutsideRepo(given, repo.root));
    const stat = await lstat(absolute).catch(() => undefined);
    if (!stat) throw new UsageError(messages.pathNotFound(given));
    // A named FIFO, socket or device holds no file content to judge: saying nothing would pass it unseen.
    if (!stat.isDirectory() && !stat.isFile() && !stat.isSymbolicLink()) throw new UsageError(messages.pathNotAFile(given));
    const files = stat.isDirectory() ? await listedFiles(repo.root, rel || '.') : [rel.split(sep).join('/')];
    for (const path of files) {
      const fileStat = await lstat(resolve(repo.root, path)).catch(() => undefined);
      // A symlink is listed as git would record it; the pipeline follows it inside the work tree.
      if (fileStat?.isSymbolicLink()) {
        const target = await readlink(resolve(repo.root, path));
        entries.set(path, { path, blob: blobId(Buffer.from(target)), mode: MODE_SYMLINK });
        continue;
      }
      // Folders and vanished files are skipped, as in a commit.
      if (!fileStat?.isFile()) continue;
      const content = await readFile(resolve(repo.root, path));
      entries.set(path, { path, blob: blobId(content), mode: fileStat.mode & 0o111 ? '100755' : '100644' });
    }
  }
  return [...entries.values()];
}

/** Picks the targets and where to read them from, as the options say, and judges them. */
async function judgeTargets(
  context: CommandContext,
  values: { staged?: boolean; all?: boolean; since?: string },
  positionals: string[],
  onProgress: (event: ProgressEvent) => void,
): Promise<{ verdict: Verdict; configFile: string | undefined }> {
  const repo = await openRepo(context.cwd);
  const loose = looseObjects(repo);
  let targets: TreeEntry[];
  let source: ContentSource;
  // The config comes from the same tree as the content: HEAD, the disk, or the index.
  let loaded: LoadedConfig;
  // A change (--since, --staged) is judged as the hooks judge it: new findings by the policy, inherited ones warn.
  let parents: ChangeParents | undefined;
  if (values.since !== undefined) {
    const base = await gitText(repo.root, ['merge-base', values.since, 'HEAD']).catch(() => {
      throw new UsageError(messages.unknownRef(values.since ?? ''), { remedy: messages.usageRemedy });
    });
    targets = await changedEntries(repo.root, base, 'HEAD');
    const head = (await git(repo.root, ['rev-parse', 'HEAD'])).stdout.toString('utf8').trim();
    loaded = await commitConfig(repo, head);
    source = commitSource(repo.root, head, loose);
    parents = sinceParents(repo.root, base, head, loose);
  } else if (positionals.length > 0) {
    targets = await diskEntries(repo, context.cwd, positionals);
    loaded = await diskConfig(repo);
    source = diskSource(repo.root, (await import('../git/blob-id.js')).blobId);
  } else if (values.all) {
    targets = await indexEntries(repo.root);
    loaded = await repoConfig(repo);
    source = indexSource(repo.root, undefined, loose);
  } else {
    targets = await stagedEntries(repo.root, repo);
    loaded = await repoConfig(repo);
    source = indexSource(repo.root, undefined, loose);
    parents = commitParents(repo.root, repo.head, loose);
  }

  // A changed link target re-judges the unchanged links to it, as in the hooks (--all has every link already; paths name what they mean).
  if (values.since !== undefined || (!values.all && positionals.length === 0))
    targets = [...targets, ...(await linksToChanged(targets, source))];
  const { verdict } = await judge({
    repo,
    targets,
    source,
    context,
    loaded,
    reportUnusedIgnores: values.all === true,
    onProgress,
    // Its reports (JSON, SARIF) say new or inherited for every finding, not only for those that block.
    ...(parents ? { parents, compareAll: true } : {}),
  });
  return { verdict, configFile: configFileOf(loaded, repo.root) };
}

/** `secgate scan`: the hooks' judgement on demand, for people and CI. */
export const scan: Command = async (args, context) => {
  const { values, positionals } = parseOptions(args, OPTIONS);
  const format = values.format;
  if (!isReportFormat(format))
    throw new UsageError(messages.unknownFormat(format, Object.keys(REPORTERS)), { remedy: messages.usageRemedy });

  // From here on an error exit still writes the requested JSON or SARIF document (the CLI writes it).
  const target = { format, cwd: context.cwd, ...(values.output !== undefined ? { output: values.output } : {}) };
  try {
    const modes = [
      values.staged && '--staged',
      values.all && '--all',
      values.since !== undefined && '--since',
      positionals.length > 0 && '<path>',
    ].filter((mode): mode is string => typeof mode === 'string');
    if (modes.length > 1) throw new UsageError(messages.conflictingOptions(modes), { remedy: messages.usageRemedy });
    // Progress goes to stderr only: stdout may be carrying a JSON or SARIF report.
    const progress = createProgress({ stream: context.stderr, isTTY: context.isTTY, env: context.env });
    let verdict: Verdict;
    let configFile: string | undefined;
    try {
      ({ verdict, configFile } = await judgeTargets(context, values, positionals, progress.onProgress));
    } catch (error) {
      await progress.stop('failed');
      throw error;
    }
    await progress.stop();

    if (values.output !== undefined) {
      // A file never gets escape codes; the terminal gets the summary and where the report went.
      const file = values.output;
      await writeFile(resolve(context.cwd, file), await REPORTERS[format](verdict, { color: false })).catch(
        (error: NodeJS.ErrnoException) => {
          throw new UsageError(messages.outputUnwritable(file, error.code ?? error.message), {
            remedy: messages.outputUnwritableRemedy,
            cause: error,
          });
        },
      );
      const summary = textSummary(verdict, { palette: await palette(wantsEscapes(context)), configFile });
      context.stderr.write(`${summary}${messages.reportWritten(file)}\n`);
    } else {
      const verbose = values.verbose === true || isVerbose(context.env);
      context.stdout.write(await REPORTERS[format](verdict, { color: reportColor(context), verbose, configFile }));
    }
    return verdictExitCode(verdict);
  } catch (error) {
    throw withReportTarget(error, target);
  }
};
