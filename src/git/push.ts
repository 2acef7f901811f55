/**
 * The pre-push hook's input, and what to scan for each pushed ref: pure
 * functions, so that every case (deletion, new branch, force push, a tag to a
 * blob) is decided in one place and unit-tested without a repository. The git
 * calls that gather the facts are in pushed.ts.
 */
import type { Target } from '../pipeline.js';
import { isNullId, type TreeEntry } from './parse.js';

/**
 * One line of the pre-push hook's stdin (https://git-scm.com/docs/githooks#_pre_push):
 *
 *     refs/heads/main 67890abc… refs/heads/main 12345def…
 *
 * The field names match PushedRef in the bypass log, so a line can be
 * recorded as it is.
 */
export interface PushLine {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Parses the hook's stdin; returns the lines it could read and those it could
 * not (the caller refuses to pass a push it cannot read).
 *
 * Fields are split from the right: the remote ref is a ref name (no spaces),
 * but the local ref is whatever was written on the command line, e.g.
 * `git push origin 'HEAD@{1 day ago}:refs/heads/old'`, and may hold spaces.
 */
export function parsePushLines(input: string): { lines: PushLine[]; invalid: string[] } {
  const lines: PushLine[] = [];
  const invalid: string[] = [];
  for (const raw of input.split('\n')) {
    // A CR would only come from a hand-made input on Windows; it is not part of the id.
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') continue;
    const line = parsePushLine(text);
    if (line) lines.push(line);
    else invalid.push(text);
  }
  return { lines, invalid };
}

function parsePushLine(text: string): PushLine | undefined {
  const remoteShaAt = text.lastIndexOf(' ');
  const remoteRefAt = text.lastIndexOf(' ', remoteShaAt - 1);
  const localShaAt = text.lastIndexOf(' ', remoteRefAt - 1);
  if (localShaAt <= 0) return undefined;
  const line: PushLine = {
    localRef: text.slice(0, localShaAt),
    localSha: text.slice(localShaAt + 1, remoteRefAt),
    remoteRef: text.slice(remoteRefAt + 1, remoteShaAt),
    remoteSha: text.slice(remoteShaAt + 1),
  };
  const idsValid = OBJECT_ID.test(line.localSha) && OBJECT_ID.test(line.remoteSha);
  return idsValid && line.remoteRef !== '' ? line : undefined;
}

/**
 * Where the hook pushes. git passes the remote's name and its URL, or the URL
 * twice when the push names no remote (`git push ../other.git main`), in
 * which case there are no remote-tracking refs to compare with.
 */
export type PushRemote = { kind: 'named'; name: string } | { kind: 'url'; url: string };

export function pushRemote(name: string, url: string | undefined): PushRemote {
  return url !== undefined && name === url ? { kind: 'url', url } : { kind: 'named', name };
}

/** What is known locally about a line's objects (gathered by pushed.ts). */
export interface PushFacts {
  /** The pushed object peeled to a commit; undefined when it is not one (a tag to a tree or blob). */
  commit: string | undefined;
  /** The remote's object peeled to a commit, when this repository has it. */
  remoteCommit: string | undefined;
  /** Whether remoteCommit is an ancestor of commit (a fast-forward). */
  remoteIsAncestor: boolean;
}

export type PushPlan =
  /** Nothing to scan: a deletion, or a tag to something that is not a commit. */
  | { kind: 'skip'; reason: 'delete' | 'not-a-commit' }
  /** A fast-forward from a commit we have: the files that differ between `from` and `commit`, at `commit`. */
  | { kind: 'diff'; commit: string; from: string }
  /**
   * A new ref, a force push, or a remote commit we do not have: the files that
   * the commits reachable from `commit` and from none of `exclude` (rev-list
   * arguments after --not) changed, at `commit`.
   */
  | { kind: 'new'; commit: string; exclude: string[] };

/**
 * The exclusion for commits the remote already has. A named remote: its
 * remote-tracking refs (`--remotes=<name>`, what git's sample pre-push hook
 * uses). A URL: nothing of ours tracks it, so only the commits the remote
 * reported for this push's refs; a new branch pushed to a bare URL is thus
 * judged on its whole history, which the cache makes cheap for committed work.
 * Either way the remote's known commits are added: the remote has them.
 */
export function remoteExclusion(remote: PushRemote, knownRemoteCommits: readonly string[]): string[] {
  const known = [...new Set(knownRemoteCommits)].sort();
  return remote.kind === 'named' ? [`--remotes=${remote.name}`, ...known] : known;
}

/** Decides what to scan for one ref line. */
export function planPush(line: PushLine, facts: PushFacts, exclude: readonly string[]): PushPlan {
  if (isNullId(line.localSha)) return { kind: 'skip', reason: 'delete' };
  if (facts.commit === undefined) return { kind: 'skip', reason: 'not-a-commit' };
  if (facts.remoteCommit !== undefined && facts.remoteIsAncestor) return { kind: 'diff', commit: facts.commit, from: facts.remoteCommit };
  // New ref, a remote commit we lack, or a force push (the remote's commit is not in our history line).
  return { kind: 'new', commit: facts.commit, exclude: [...exclude] };
}

/**
 * Input for `git cat-file --batch-check='%(objectname) %(objecttype)'` that
 * peels every pushed and remote id to a commit in one process: per line
 * `<local>` (does it exist at all), `<local>^{commit}`, `<remote>^{commit}`.
 * Null ids are not asked about.
 */
export function peelQueries(lines: readonly PushLine[]): string[] {
  const queries = new Set<string>();
  for (const line of lines) {
    if (isNullId(line.localSha)) continue;
    queries.add(line.localSha);
    queries.add(`${line.localSha}^{commit}`);
    if (!isNullId(line.remoteSha)) queries.add(`${line.remoteSha}^{commit}`);
  }
  return [...queries];
}

/**
 * `git cat-file --batch-check='%(objectname) %(objecttype)'`, one answer per
 * query line, in order (https://git-scm.com/docs/git-cat-file#_batch_output):
 *
 *     0cf415eb6c0fa356ef535a5175e1860265c44d90 commit
 *     587be6b4c3f93f93c489c0111bba5596147a26cb^{commit} missing
 *
 * A tag that points to a blob cannot be peeled to a commit, and is "missing"
 * too. Returns query → object id for the queries that resolved.
 */
export function parsePeeled(queries: readonly string[], output: string): Map<string, string> {
  const answers = output.split('\n');
  const resolved = new Map<string, string>();
  queries.forEach((query, i) => {
    const [id, type] = (answers[i] ?? '').split(' ');
    if (id && type && type !== 'missing' && type !== 'ambiguous' && OBJECT_ID.test(id)) resolved.set(query, id);
  });
  return resolved;
}

/** `git log --format= --name-only -z`: every changed path, once (paths are NUL-terminated, commits add no separator). */
export function parseChangedPaths(output: Buffer | string): Set<string> {
  return new Set(output.toString('utf8').split('\0').filter(Boolean));
}

/**
 * The files of every ref, judged together: one target per file state (mode,
 * blob, path), carrying each ref and commit it is pushed in, so a report names
 * them and a file pushed on several refs is scanned once.
 */
export function pushTargets(lines: readonly PushLine[], plans: readonly PushPlan[], entries: readonly (readonly TreeEntry[])[]): Target[] {
  const targets = new Map<string, Target & { origin: { ref: string; commit: string }[] }>();
  lines.forEach((line, i) => {
    const plan = plans[i];
    if (!plan || plan.kind === 'skip') return;
    const origin = { ref: line.remoteRef, commit: plan.commit };
    for (const entry of entries[i] ?? []) {
      const key = `${entry.mode} ${entry.blob} ${entry.path}`;
      const target = targets.get(key);
      if (!target) targets.set(key, { ...entry, origin: [origin] });
      else if (!target.origin.some((o) => o.ref === origin.ref && o.commit === origin.commit)) target.origin.push(origin);
    }
  });
  return [...targets.values()];
}

/** The pushed commits, once each, in push order: where a manifest's includes are looked up. */
export function pushedCommits(plans: readonly PushPlan[]): string[] {
  return [...new Set(plans.flatMap((plan) => (plan.kind === 'skip' ? [] : [plan.commit])))];
}
