/**
 * The git side of pre-push: the facts each ref line is planned on, the files
 * a plan covers, and where their content is read. Decisions are in push.ts.
 */
import { ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { BlobReader } from './blobs.js';
import { changedEntries, treeEntries } from './entries.js';
import { git } from './exec.js';
import type { TreeEntry } from './parse.js';
import { isNullId } from './parse.js';
import { parseChangedPaths, parsePeeled, peelQueries, type PushFacts, type PushLine, type PushPlan } from './push.js';
import { listCommit, objectTree, type ContentSource } from './source.js';

/**
 * Peels every line's objects in one `cat-file --batch-check`, then asks
 * `merge-base --is-ancestor` for the lines whose remote commit we have.
 * A pushed id that is not in this repository at all cannot be judged, so it
 * is an error (exit 3), never a pass.
 */
export async function pushFacts(root: string, lines: readonly PushLine[]): Promise<{ line: PushLine; facts: PushFacts }[]> {
  const queries = peelQueries(lines);
  const batch = ['cat-file', '--batch-check=%(objectname) %(objecttype)'];
  const output = queries.length === 0 ? undefined : (await git(root, batch, { input: `${queries.join('\n')}\n` })).stdout;
  const peeled = parsePeeled(queries, output?.toString('utf8') ?? '');
  return mapBounded(lines, async (line) => ({ line, facts: await lineFacts(root, line, peeled) }));
}

async function lineFacts(root: string, line: PushLine, peeled: Map<string, string>): Promise<PushFacts> {
  if (isNullId(line.localSha)) return { commit: undefined, remoteCommit: undefined, remoteIsAncestor: false };
  if (!peeled.has(line.localSha))
    throw new ToolError(messages.pushObjectMissing(line.localSha, line.remoteRef), { remedy: messages.pushInputRemedy });
  const commit = peeled.get(`${line.localSha}^{commit}`);
  const remoteCommit = isNullId(line.remoteSha) ? undefined : peeled.get(`${line.remoteSha}^{commit}`);
  if (commit === undefined || remoteCommit === undefined) return { commit, remoteCommit, remoteIsAncestor: false };
  const { status } = await git(root, ['merge-base', '--is-ancestor', remoteCommit, commit], { okCodes: [1] });
  return { commit, remoteCommit, remoteIsAncestor: status === 0 };
}

/**
 * The paths changed by the commits of `tip --not <exclude>`, each commit
 * against its first parent and a root commit against nothing (its whole
 * tree): one `git log` walks the same commits as `git rev-list` would. The
 * -c settings keep a user's config from adding output or hiding root commits.
 */
async function changedPaths(root: string, tip: string, exclude: readonly string[]): Promise<Set<string>> {
  const settings = ['-c', 'log.showSignature=false', '-c', 'log.showRoot=true', '-c', 'diff.relative=false'];
  const log = ['log', '--format=', '--name-only', '-z', '--no-renames', '--diff-merges=first-parent'];
  const { stdout } = await git(root, [...settings, ...log, tip, '--not', ...exclude, '--']);
  return parseChangedPaths(stdout);
}

/**
 * The files a plan covers, at their state in the pushed commit (read from
 * the object store, never the working tree). For a new range, a path that
 * the tip deleted is gone, and a finding a later commit removed is not seen.
 */
export async function plannedEntries(root: string, plan: PushPlan): Promise<TreeEntry[]> {
  switch (plan.kind) {
    case 'skip':
      return [];
    case 'diff':
      return changedEntries(root, plan.from, plan.commit);
    case 'new': {
      const paths = await changedPaths(root, plan.commit, plan.exclude);
      if (paths.size === 0) return [];
      // The whole tree, filtered: no pathspec to escape and no argument-length limit.
      return (await treeEntries(root, plan.commit)).filter((entry) => paths.has(entry.path));
    }
  }
}

/** The entries of every plan; lines with the same plan (tags on one commit) share one lookup. */
export async function allPlannedEntries(root: string, plans: readonly PushPlan[]): Promise<TreeEntry[][]> {
  const byPlan = new Map<string, PushPlan>(plans.map((plan) => [JSON.stringify(plan), plan]));
  const keys = [...byPlan.keys()];
  const listed = await mapBounded(keys, (key) => plannedEntries(root, byPlan.get(key) as PushPlan));
  const byKey = new Map(keys.map((key, i) => [key, listed[i] ?? []]));
  return plans.map((plan) => byKey.get(JSON.stringify(plan)) ?? []);
}

/** How many git processes one push runs at a time: `git push --mirror` may carry hundreds of refs. */
const GIT_CONCURRENCY = 8;

/** Promise.all over `items`, at most GIT_CONCURRENCY at once, results in order. */
async function mapBounded<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(GIT_CONCURRENCY, items.length) }, worker));
  return results;
}

/**
 * Content for a push of one or more refs. Blobs are read by id, so the refs
 * share one reader. A manifest's includes (`-r base.txt`) are looked up in
 * the pushed commits in push order, the first that has the path wins: the
 * pipeline does not say which manifest asks, so with several refs an include
 * that differs between them is read from the first ref that has it.
 */
export function pushSource(root: string, commits: readonly string[]): ContentSource {
  let reader: BlobReader | undefined;
  const readObject = (name: string) => (reader ??= new BlobReader(root)).read(name);
  // One tree per commit, listed in full only when a link is followed in it.
  const trees = new Map<string, ReturnType<typeof objectTree>>();
  const treeAt = (commit: string) => {
    let tree = trees.get(commit);
    if (!tree) trees.set(commit, (tree = objectTree({ revision: commit, listFull: () => listCommit(root, commit), readObject })));
    return tree;
  };
  return {
    read: (entry) => readObject(entry.blob),
    async readPath(path) {
      for (const commit of commits) {
        const content = await treeAt(commit).readPath(path);
        if (content) return content;
      }
      return undefined;
    },
    async listPaths() {
      const lists = await Promise.all(
        commits.map(async (commit) =>
          (await git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--'])).stdout.toString('utf8').split('\0'),
        ),
      );
      return [...new Set(lists.flat().filter(Boolean))];
    },
    // A target without a commit comes from no ref line; the first pushed commit is the best tree there is.
    tree: (commit) => treeAt(commit ?? commits[0] ?? 'HEAD').tree,
    close: () => reader?.close(),
  };
}
