/**
 * The pre-push hook's input, and what to scan for each pushed ref: pure
 * functions, so that every case (deletion, new branch, force push, a tag to a
 * blob, tracking refs of another server, merges, a file added and removed
 * within the push) is decided in one place and unit-tested without a
 * repository. The git calls that gather the facts are in pushed.ts.
 */
import { isManifest, mayBeInclude } from '../files/classify.js';
import type { PushOrigin } from '../findings.js';
import { isNullId, type TreeEntry } from './parse.js';
import type { Target } from './target.js';

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
}

export type PushPlan =
  /** Nothing to scan: a deletion, or a tag to something that is not a commit. */
  | { kind: 'skip'; reason: 'delete' | 'not-a-commit' }
  /**
   * Every commit reachable from `commit` and from none of the commits the
   * server has (`git log <commit> --not <exclusion>`), each judged on the
   * files it introduces. A fast-forward, a force push, a new branch and a
   * remote commit we lack differ only in that exclusion, which is the same
   * for every line of a push.
   */
  | { kind: 'range'; commit: string };

/** Decides what to scan for one ref line. */
export function planPush(line: PushLine, facts: PushFacts): PushPlan {
  if (isNullId(line.localSha)) return { kind: 'skip', reason: 'delete' };
  if (facts.commit === undefined) return { kind: 'skip', reason: 'not-a-commit' };
  return { kind: 'range', commit: facts.commit };
}

/** A remote-tracking ref and the commit it names. */
export interface TrackingRef {
  name: string;
  commit: string;
}

/**
 * The remote-tracking refs that are `name`'s: under `refs/remotes/<name>/`,
 * compared as a plain prefix (with `--remotes=<name>`, a name holding `*`,
 * `?` or `[` would be a glob over other remotes' refs), and not under the
 * prefix of another remote whose name extends this one (`origin/fork`).
 */
export function ownTrackingRefs(name: string, refs: readonly TrackingRef[], remoteNames: readonly string[]): TrackingRef[] {
  const prefix = `refs/remotes/${name}/`;
  const nested = remoteNames.filter((other) => other !== name && other.startsWith(`${name}/`)).map((other) => `refs/remotes/${other}/`);
  return refs.filter((ref) => ref.name.startsWith(prefix) && !nested.some((other) => ref.name.startsWith(other)));
}

/**
 * How the server's answer for a pushed branch compares with our tracking
 * ref of it (`refs/heads/x` ↔ `refs/remotes/<name>/x`):
 * - `agree`: the same commit;
 * - `conflict`: the server lacks a branch we track (a stale ref: deleted on
 *   the server, or another server since `git remote set-url`), or has a
 *   commit we lack (git runs the hook for that only on a force push, which
 *   may be replacing our tracking ref's commit on the server: we cannot tell);
 * - `check`: both known and different; they agree only if ours is an
 *   ancestor of the server's (pushed.ts asks git).
 */
export type TrackingCheck = { kind: 'agree' } | { kind: 'conflict' } | { kind: 'check'; tracking: string; remote: string };

export function trackingChecks(
  name: string,
  checked: readonly { line: PushLine; facts: PushFacts }[],
  own: readonly TrackingRef[],
): TrackingCheck[] {
  const byName = new Map(own.map((ref) => [ref.name, ref.commit]));
  const checks: TrackingCheck[] = [];
  for (const { line, facts } of checked) {
    if (!line.remoteRef.startsWith('refs/heads/')) continue;
    const tracking = byName.get(`refs/remotes/${name}/${line.remoteRef.slice('refs/heads/'.length)}`);
    if (tracking === undefined) continue;
    if (isNullId(line.remoteSha) || facts.remoteCommit === undefined) checks.push({ kind: 'conflict' });
    else if (facts.remoteCommit === tracking) checks.push({ kind: 'agree' });
    else checks.push({ kind: 'check', tracking, remote: facts.remoteCommit });
  }
  return checks;
}

export type Distrust = 'other-url' | 'conflict';

/**
 * Why a named remote's tracking refs do not describe the server being pushed
 * to, or undefined when they do. They hold what the remote's fetch URL
 * served when we last fetched (or pushed), so they count only when that URL
 * is the pushed one: not with a `pushurl`, a `pushInsteadOf`, a second `url`
 * or an unknown remote. And only while the server's answers for the pushed
 * branches do not contradict them (stale refs after `git remote set-url`).
 */
export function distrust(url: string | undefined, fetchUrl: string | undefined, conflict: boolean): Distrust | undefined {
  if (fetchUrl === undefined || url === undefined || url !== fetchUrl) return 'other-url';
  return conflict ? 'conflict' : undefined;
}

/**
 * The commits the server has, for `git log <tips> --not <these>`: those it
 * reported for this push's refs that we have, and the trusted tracking refs'.
 * Sorted and once each.
 */
export function exclusion(knownRemoteCommits: readonly string[], trusted: readonly TrackingRef[]): string[] {
  return [...new Set([...knownRemoteCommits, ...trusted.map((ref) => ref.commit)])].sort();
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

/** A commit of the pushed range, its parents, and the files it introduces. */
export interface RangeCommit {
  id: string;
  parents: string[];
  entries: TreeEntry[];
}

/**
 * `git log -z --raw --no-abbrev --no-renames -c --root --format=%x01%H %P`
 * (git 2.39.5; https://git-scm.com/docs/git-log#_raw_output_format), a
 * commit, then a merge in the combined format:
 *
 *     \x01<commit> <parent>\0\n:100644 100644 <old> <new> M\0a.py\0
 *     \x01<merge> <p1> <p2>\0\0::100644 100644 100644 <p1's> <p2's> <new> MM\0a.py\0
 *
 * A merge lists only the paths that differ from every parent (`-c`): a blob
 * one side brought was introduced, and judged, in that side's commits; an
 * evil merge's own blob is listed. A root commit lists its whole tree.
 * Deletions (new mode 000000) are dropped: nothing is left to scan. Returns
 * the commits in output order, and any field it could not read (the caller
 * refuses to pass a range it could not read whole).
 */
export function parseLogRaw(output: Buffer | string): { commits: RangeCommit[]; unread: string[] } {
  const fields = output.toString('utf8').split('\0');
  const commits: RangeCommit[] = [];
  const unread: string[] = [];
  let current: RangeCommit | undefined;
  for (let i = 0; i < fields.length; i++) {
    // git ends a header with "\0\n" (or "\0\0" before a combined entry) and the last entry with "\0".
    const field = (fields[i] ?? '').replace(/^\n/, '');
    if (field === '') continue;
    if (field.startsWith('\x01')) {
      const [id = '', ...parents] = field.slice(1).split(' ');
      current = { id, parents: parents.filter(Boolean), entries: [] };
      if (OBJECT_ID.test(id) && current.parents.every((parent) => OBJECT_ID.test(parent))) commits.push(current);
      else unread.push(field);
      continue;
    }
    const colons = /^:+/.exec(field)?.[0].length ?? 0;
    const path = fields[i + 1];
    if (colons === 0 || current === undefined || path === undefined) {
      unread.push(field);
      continue;
    }
    i++;
    const parts = field.slice(colons).split(' ');
    // `colons` parents: their modes and the new one, their ids and the new one, then the status letters.
    const mode = parts[colons];
    const blob = parts[2 * colons + 1];
    if (parts.length !== 2 * colons + 3 || mode === undefined || blob === undefined) unread.push(field);
    else if (!/^0+$/.test(mode) && !isNullId(blob)) current.entries.push({ path, blob, mode });
  }
  return { commits, unread };
}

/**
 * For each commit (parents before children), which of `tips` reach it
 * within the range: one bit per tip, pushed from each commit to its parents.
 */
function reachingTips(commits: readonly RangeCommit[], tips: readonly string[]): (index: number, tip: number) => boolean {
  const index = new Map(commits.map((commit, i) => [commit.id, i]));
  const words = Math.max(1, Math.ceil(tips.length / 32));
  const bits = new Uint32Array(commits.length * words);
  tips.forEach((tip, t) => {
    const i = index.get(tip);
    if (i !== undefined) bits[i * words + (t >>> 5)] = (bits[i * words + (t >>> 5)] ?? 0) | (1 << (t & 31));
  });
  for (let i = commits.length - 1; i >= 0; i--) {
    for (const parent of commits[i]?.parents ?? []) {
      const p = index.get(parent);
      if (p === undefined) continue;
      for (let w = 0; w < words; w++) bits[p * words + w] = (bits[p * words + w] ?? 0) | (bits[i * words + w] ?? 0);
    }
  }
  return (i, t) => (((bits[i * words + (t >>> 5)] ?? 0) >>> (t & 31)) & 1) === 1;
}

/**
 * The files of every ref, judged together. `commits` are the range's, parents
 * before children (`git log --topo-order --reverse`). A file state (mode, blob,
 * path) is one target, scanned once however many commits and refs bring it;
 * its origin names, per ref, the first commit of that ref's range that
 * introduced it. A manifest or a file it may include is one target per
 * introducing commit instead: its includes are read from that commit's tree
 * (`tree`), and the same requirements file beside another include is another
 * audit.
 */
export function pushTargets(lines: readonly PushLine[], plans: readonly PushPlan[], commits: readonly RangeCommit[]): Target[] {
  const tips = [...new Set(plans.flatMap((plan) => (plan.kind === 'range' ? [plan.commit] : [])))];
  const refsOfTip = tips.map((tip) => [
    ...new Set(
      lines.filter((_, i) => plans[i]?.kind === 'range' && (plans[i] as { commit: string }).commit === tip).map((line) => line.remoteRef),
    ),
  ]);
  const order = new Map([...new Set(lines.map((line) => line.remoteRef))].map((ref, i) => [ref, i]));
  const reaches = reachingTips(commits, tips);
  const targets = new Map<string, Target & { origin: PushOrigin[] }>();
  commits.forEach((commit, i) => {
    if (commit.entries.length === 0) return;
    const refs = tips.flatMap((_, t) => (reaches(i, t) ? (refsOfTip[t] ?? []) : []));
    if (refs.length === 0) return;
    for (const entry of commit.entries) {
      const perCommit = isManifest(entry.path) || mayBeInclude(entry.path);
      const key = `${entry.mode} ${entry.blob} ${entry.path}${perCommit ? ` ${commit.id}` : ''}`;
      let target = targets.get(key);
      if (!target) targets.set(key, (target = { ...entry, tree: commit.id, origin: [] }));
      for (const ref of refs) if (!target.origin.some((o) => o.ref === ref)) target.origin.push({ ref, commit: commit.id });
    }
  });
  for (const target of targets.values()) target.origin.sort((a, b) => (order.get(a.ref) ?? 0) - (order.get(b.ref) ?? 0));
  return [...targets.values()];
}

/** The pushed commits, once each, in push order: where a path is read when no target names its tree. */
export function pushedCommits(plans: readonly PushPlan[]): string[] {
  return [...new Set(plans.flatMap((plan) => (plan.kind === 'skip' ? [] : [plan.commit])))];
}
