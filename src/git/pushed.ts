/**
 * The git side of pre-push: the facts each ref line is planned on, the
 * commits the server has, the commits of the push and what each introduces,
 * and where their content is read. Decisions are in push.ts.
 */
import { ToolError } from '../errors.js';
import { isManifest } from '../files/classify.js';
import { messages } from '../messages.js';
import { BlobReader } from './blobs.js';
import { git } from './exec.js';
import type { LooseObjects } from './loose.js';
import { isNullId } from './parse.js';
import {
  distrust,
  exclusion,
  ownTrackingRefs,
  parseLogRaw,
  parsePeeled,
  peelQueries,
  trackingChecks,
  type Distrust,
  type PushFacts,
  type PushLine,
  type PushRemote,
  type RangeCommit,
  type TrackingRef,
} from './push.js';
import { listCommit, objectTree, readTreePath, type ContentSource } from './source.js';

/**
 * Peels every line's objects in one `cat-file --batch-check`. A pushed id
 * that is not in this repository at all cannot be judged, so it is an error
 * (exit 3), never a pass.
 */
export async function pushFacts(root: string, lines: readonly PushLine[]): Promise<{ line: PushLine; facts: PushFacts }[]> {
  const queries = peelQueries(lines);
  const batch = ['cat-file', '--batch-check=%(objectname) %(objecttype)'];
  const output = queries.length === 0 ? undefined : (await git(root, batch, { input: `${queries.join('\n')}\n` })).stdout;
  const peeled = parsePeeled(queries, output?.toString('utf8') ?? '');
  return lines.map((line) => ({ line, facts: lineFacts(line, peeled) }));
}

function lineFacts(line: PushLine, peeled: Map<string, string>): PushFacts {
  const remoteCommit = isNullId(line.remoteSha) ? undefined : peeled.get(`${line.remoteSha}^{commit}`);
  if (isNullId(line.localSha)) return { commit: undefined, remoteCommit };
  if (!peeled.has(line.localSha))
    throw new ToolError(messages.pushObjectMissing(line.localSha, line.remoteRef), { remedy: messages.pushInputRemedy });
  return { commit: peeled.get(`${line.localSha}^{commit}`), remoteCommit };
}

/** Every remote-tracking ref that names a commit (a tag is peeled; anything else is not a commit the server can be said to have). */
async function trackingRefs(root: string): Promise<TrackingRef[]> {
  const format = '%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname)';
  const { stdout } = await git(root, ['for-each-ref', `--format=${format}`, 'refs/remotes/']);
  const refs: TrackingRef[] = [];
  for (const row of stdout.toString('utf8').split('\n')) {
    const [type, id, peeledType, peeledId, ...name] = row.split(' ');
    const commit = type === 'commit' ? id : peeledType === 'commit' ? peeledId : undefined;
    if (commit && name.length > 0) refs.push({ name: name.join(' '), commit });
  }
  return refs;
}

/** The URL `git fetch <name>` fetches from (insteadOf applied), or undefined when `name` is no configured remote. */
async function fetchUrl(root: string, name: string): Promise<string | undefined> {
  const { stdout, status } = await git(root, ['remote', 'get-url', '--', name], { okCodes: [1, 2, 128] });
  return status === 0 ? stdout.toString('utf8').replace(/\n$/, '') : undefined;
}

/**
 * The commits the server has, as far as this repository can tell without
 * asking it: the commits it reported for this push's refs, and the remote's
 * tracking refs when they describe that server (see `distrust`). When they do
 * not, a new branch is judged on all of its history the server did not
 * report: judging more is safe, and the cache makes committed work cheap.
 */
export async function serverCommits(
  root: string,
  remote: PushRemote,
  url: string | undefined,
  checked: readonly { line: PushLine; facts: PushFacts }[],
): Promise<{ exclude: string[]; distrusted?: Distrust }> {
  const reported = checked.flatMap(({ facts }) => (facts.remoteCommit === undefined ? [] : [facts.remoteCommit]));
  if (remote.kind === 'url') return { exclude: exclusion(reported, []) };
  const [fetchFrom, refs, names] = await Promise.all([
    fetchUrl(root, remote.name),
    trackingRefs(root),
    git(root, ['remote']).then(({ stdout }) => stdout.toString('utf8').split('\n').filter(Boolean)),
  ]);
  const own = ownTrackingRefs(remote.name, refs, names);
  if (own.length === 0) return { exclude: exclusion(reported, []) };
  let reason = distrust(url, fetchFrom, false);
  if (reason === undefined) {
    const checks = trackingChecks(remote.name, checked, own);
    const agree = await mapBounded(checks, async (check) => {
      if (check.kind !== 'check') return check.kind === 'agree';
      const { status } = await git(root, ['merge-base', '--is-ancestor', check.tracking, check.remote], { okCodes: [1] });
      return status === 0;
    });
    reason = distrust(url, fetchFrom, agree.includes(false));
  }
  return reason === undefined ? { exclude: exclusion(reported, own) } : { exclude: exclusion(reported, []), distrusted: reason };
}

/**
 * The commits of `tips --not exclude`, parents first, each with the files it
 * introduces: one `git log` for the whole push, however many refs and
 * commits. Revisions go on stdin (`^<id>` excludes), so thousands of tracking
 * refs meet no argument-length limit. The -c settings keep a user's config
 * from adding output (signatures) or hiding root commits.
 */
export async function rangeCommits(root: string, tips: readonly string[], exclude: readonly string[]): Promise<RangeCommit[]> {
  if (tips.length === 0) return [];
  const settings = ['-c', 'log.showSignature=false', '-c', 'log.showRoot=true', '-c', 'diff.relative=false'];
  const log = [
    'log',
    '-z',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '-c',
    '--root',
    '--topo-order',
    '--reverse',
    '--no-ext-diff',
    '--no-color',
  ];
  const format = ['--format=%x01%H %P', '--stdin', '--'];
  const input = `${[...tips, ...exclude.map((id) => `^${id}`)].join('\n')}\n`;
  const { stdout } = await git(root, [...settings, ...log, ...format], { input });
  const { commits, unread } = parseLogRaw(stdout);
  if (unread.length > 0) throw new ToolError(messages.pushLogUnreadable(unread[0] ?? ''), { remedy: messages.pushLogRemedy });
  return commits;
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
 * The manifest paths any commit of the range may hold: those its commits
 * introduce, and those of the trees it starts from (its commits' parents
 * outside it). A path in a range commit's tree that the commit did not
 * introduce is in one of its parents' trees, and so on back to one of those.
 * Listing these instead of every commit's tree costs one `ls-tree` per
 * starting point, not one per commit.
 */
async function rangeManifestPaths(range: readonly RangeCommit[], list: (commit: string) => Promise<string[]>): Promise<string[]> {
  const inRange = new Set(range.map((commit) => commit.id));
  const starts = [...new Set(range.flatMap((commit) => commit.parents.filter((parent) => !inRange.has(parent))))];
  const introduced = range.flatMap((commit) => commit.entries.map((entry) => entry.path));
  const inStarts = await mapBounded(starts, list);
  return [...new Set([...introduced, ...inStarts.flat()])].filter(isManifest);
}

/**
 * Content for a push of one or more refs. Blobs are read by id, so the refs
 * share one reader. Paths (a manifest's includes, `-r base.txt`) are read
 * from the tree the pipeline names: the commit that introduced the manifest.
 * Without one, they are looked up in the pushed commits in push order, the
 * first that has the path winning. `listPaths` of a range commit's tree lists
 * its manifests (all the pipeline asks for), found among rangeManifestPaths.
 */
export function pushSource(
  root: string,
  commits: readonly string[],
  range: readonly RangeCommit[] = [],
  loose?: LooseObjects,
): ContentSource {
  let reader: BlobReader | undefined;
  const open = () => (reader ??= new BlobReader(root, { loose }));
  const readObject = (name: string) => open().read(name);
  // Only "no such path" means absent; a git that died or a missing object is a fault, never a missing include.
  const readOptional = (name: string) => readTreePath(root, open(), name);
  // One tree per commit, listed in full only when a link is followed in it.
  const trees = new Map<string, ReturnType<typeof objectTree>>();
  const treeAt = (commit: string) => {
    let tree = trees.get(commit);
    if (!tree) {
      tree = objectTree({ revision: commit, listFull: () => listCommit(root, commit), readObject, readOptional });
      trees.set(commit, tree);
    }
    return tree;
  };
  const listed = new Map<string, Promise<string[]>>();
  const list = (commit: string) => {
    let paths = listed.get(commit);
    if (!paths) {
      paths = git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--']).then(({ stdout }) =>
        stdout.toString('utf8').split('\0').filter(Boolean),
      );
      listed.set(commit, paths);
    }
    return paths;
  };
  const inRange = new Set(range.map((commit) => commit.id));
  let manifests: Promise<string[]> | undefined;
  const readPath = async (path: string, tree?: string) => {
    for (const commit of tree === undefined ? commits : [tree]) {
      const content = await treeAt(commit).readPath(path);
      if (content) return content;
    }
    return undefined;
  };
  return {
    read: (entry) => readObject(entry.blob),
    readPath,
    async listPaths(tree) {
      if (tree !== undefined && inRange.has(tree)) {
        const candidates = await (manifests ??= rangeManifestPaths(range, list));
        const present = await Promise.all(candidates.map(async (path) => ((await readPath(path, tree)) === undefined ? [] : [path])));
        return present.flat();
      }
      const lists = await Promise.all((tree === undefined ? commits : [tree]).map(list));
      return [...new Set(lists.flat())];
    },
    // A target without a commit comes from no ref line; the first pushed commit is the best tree there is.
    tree: (commit) => treeAt(commit ?? commits[0] ?? 'HEAD').tree,
    close: () => reader?.close(),
  };
}
