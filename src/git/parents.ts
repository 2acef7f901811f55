/**
 * What a change starts from (issue 14): the parent each finding of a hook run
 * or of `scan --since` is compared with, and the parent's version of a file.
 * - a commit (pre-commit, pre-merge-commit, scan --staged): HEAD, the first
 *   parent of a merge, so what a merge brings in is new to this branch; an
 *   unborn branch has none, and everything is new;
 * - a push: per pushed ref, the commit the server has for it, or for a new
 *   branch the merge base of the pushed commit with what the server has;
 * - `scan --since <rev>`: the merge base of <rev> and HEAD.
 * A renamed file is compared with the file it was renamed from. Nothing here
 * runs unless some finding is to be classified.
 */
import type { GradedFinding } from '../findings.js';
import { BlobReader } from './blobs.js';
import { git } from './exec.js';
import type { LooseObjects } from './loose.js';
import { isRegularFile, MODE_SYMLINK, parseLsEntries, type TreeEntry } from './parse.js';
import type { RangeCommit } from './push.js';
import { readTreePath } from './source.js';
import type { Target } from './target.js';

export interface Parent {
  /** The commit the change starts from. */
  commit: string;
  /** How a note names it: `HEAD`, or a short commit id. */
  name: string;
}

export interface ChangeParents {
  /** The parents a target's findings are compared with; none: everything in it is new. */
  of(target: Target): Promise<Parent[]>;
  /** The parent's version of each target's file (same path, or renamed from), undefined where it had none. */
  files(parent: Parent, targets: readonly Target[]): Promise<(TreeEntry | undefined)[]>;
  /** A blob's content. */
  read(blob: string): Promise<Buffer>;
  /** A path of the parent's tree (a manifest, its includes), undefined when it has none. */
  readPath(parent: Parent, path: string): Promise<Buffer | undefined>;
  /** The parent a note names for an inherited finding (by the refs it is pushed on). */
  nameFor(finding: Pick<GradedFinding, 'origin'>): string;
  close(): void;
}

/** The short id a note names a commit by (as the push report does). */
export const shortId = (commit: string) => commit.slice(0, 12);

/**
 * `git diff-index --cached -M --raw -z --diff-filter=R` (and `diff-tree -r`), renames only:
 *
 *     :100644 100644 <old blob> <new blob> R093\0old/path.py\0new/path.py\0
 *
 * https://git-scm.com/docs/git-diff#_raw_output_format. Returns new path → the old file.
 */
export function parseRenames(output: Buffer | string): Map<string, TreeEntry> {
  const fields = output.toString('utf8').split('\0');
  const renames = new Map<string, TreeEntry>();
  for (let i = 0; i + 2 < fields.length; i++) {
    const meta = fields[i] ?? '';
    if (!meta.startsWith(':')) continue;
    const [oldMode, , oldBlob, , status] = meta.slice(1).split(' ');
    if (!status?.startsWith('R') || oldMode === undefined || oldBlob === undefined) continue;
    renames.set(fields[i + 2] ?? '', { path: fields[i + 1] ?? '', blob: oldBlob, mode: oldMode });
    i += 2;
  }
  return renames;
}

/** Keeps each `ls-tree` command line far below the OS limit, whatever the path lengths. */
const MAX_ARG_BYTES = 64 * 1024;

/**
 * The entries of `paths` in a commit's tree: one `ls-tree` per 64 KiB of
 * paths, literal pathspecs (a `*` in a name is a name), output as parseLsEntries reads it.
 */
async function listPaths(root: string, commit: string, paths: readonly string[]): Promise<TreeEntry[]> {
  const chunks: string[][] = [];
  let bytes = 0;
  for (const path of new Set(paths)) {
    if (chunks.length === 0 || bytes + Buffer.byteLength(path) > MAX_ARG_BYTES) {
      chunks.push([]);
      bytes = 0;
    }
    chunks.at(-1)?.push(path);
    bytes += Buffer.byteLength(path) + 1;
  }
  const listed = await Promise.all(
    chunks.map((chunk) => git(root, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', ...chunk])),
  );
  return listed.flatMap(({ stdout }) => parseLsEntries(stdout));
}

/**
 * The file a symlink of a commit's tree leads to, inside that tree:
 * `git cat-file --batch-check --follow-symlinks` answers `<id> blob` for one
 * it reaches, and other lines (`missing`, `dangling`, `loop`, `symlink` for a
 * link out of the tree) otherwise: then the parent had no such file.
 * https://git-scm.com/docs/git-cat-file#Documentation/git-cat-file.txt---follow-symlinks
 */
async function linkedFile(root: string, commit: string, path: string): Promise<TreeEntry | undefined> {
  if (path.includes('\n')) return undefined;
  const { stdout } = await git(root, ['cat-file', '--batch-check=%(objectname) %(objecttype)', '--follow-symlinks'], {
    input: `${commit}:${path}\n`,
  });
  const [id, type] = (stdout.toString('utf8').split('\n')[0] ?? '').split(' ');
  return type === 'blob' && id !== undefined && /^[0-9a-f]{40,64}$/.test(id) ? { path, blob: id, mode: '100644' } : undefined;
}

interface ParentsOptions {
  /** The parents of a target. */
  of: (target: Target) => Promise<Parent[]>;
  /** The commit a target's content is in (undefined: the index), for rename detection. */
  side: (target: Target) => string | undefined;
  nameFor: (finding: Pick<GradedFinding, 'origin'>) => string;
  /** Where blobs may be read without cat-file (see loose.ts). */
  loose?: LooseObjects | undefined;
}

function changeParents(root: string, options: ParentsOptions): ChangeParents {
  let reader: BlobReader | undefined;
  const open = () => (reader ??= new BlobReader(root, { loose: options.loose }));
  const renames = new Map<string, Promise<Map<string, TreeEntry>>>();
  const renamesBetween = (parent: string, side: string | undefined) => {
    const key = `${parent} ${side ?? ''}`;
    let found = renames.get(key);
    if (!found) {
      const flags = ['-M', '--raw', '-z', '--diff-filter=R', '--no-ext-diff'];
      const args =
        side === undefined ? ['diff-index', '--cached', ...flags, parent, '--'] : ['diff-tree', '-r', ...flags, parent, side, '--'];
      found = git(root, args).then(({ stdout }) => parseRenames(stdout));
      renames.set(key, found);
    }
    return found;
  };
  return {
    of: options.of,
    async files(parent, targets) {
      const listed = new Map(
        (
          await listPaths(
            root,
            parent.commit,
            targets.map((target) => target.path),
          )
        ).map((entry) => [entry.path, entry]),
      );
      return Promise.all(
        targets.map(async (target) => {
          const entry = listed.get(target.path);
          if (entry && isRegularFile(entry)) return entry;
          // A link (app.py -> impl.py) is judged by what it leads to: so is the parent's.
          if (entry?.mode === MODE_SYMLINK) return linkedFile(root, parent.commit, target.path);
          if (entry) return undefined;
          return (await renamesBetween(parent.commit, options.side(target))).get(target.path);
        }),
      );
    },
    read: (blob) => open().read(blob),
    readPath: (parent, path) => (path.includes('\n') ? Promise.resolve(undefined) : readTreePath(root, open(), `${parent.commit}:${path}`)),
    nameFor: options.nameFor,
    close: () => reader?.close(),
  };
}

/** A commit (pre-commit, pre-merge-commit, scan --staged): HEAD, the content in the index; an unborn branch has no parent. */
export function commitParents(root: string, head: string | undefined, loose?: LooseObjects): ChangeParents {
  const parents = head === undefined ? [] : [{ commit: head, name: 'HEAD' }];
  return changeParents(root, { of: async () => parents, side: () => undefined, nameFor: () => 'HEAD', loose });
}

/** `scan --since`: the merge base, the content in HEAD's commit. */
export function sinceParents(root: string, base: string, head: string, loose?: LooseObjects): ChangeParents {
  const parent = { commit: base, name: shortId(base) };
  return changeParents(root, { of: async () => [parent], side: () => head, nameFor: () => parent.name, loose });
}

/** One pushed ref: its tip, and the commit the server has for it (when this repository has that commit). */
export interface PushedRef {
  ref: string;
  tip: string;
  remoteCommit: string | undefined;
}

/**
 * A push: per pushed ref, the commit the server has for it; for a new branch
 * (or a server commit this repository lacks), the merge base of the tip with
 * the commits the server has next to the pushed range (the range's parents
 * outside it). A branch that shares no history with the server has none.
 * A file pushed on several refs is inherited only if every ref's parent had it.
 */
export function pushParents(root: string, refs: readonly PushedRef[], range: readonly RangeCommit[], loose?: LooseObjects): ChangeParents {
  const inRange = new Set(range.map((commit) => commit.id));
  const boundary = [...new Set(range.flatMap((commit) => commit.parents.filter((parent) => !inRange.has(parent))))];
  const byRef = new Map<string, Promise<Parent | undefined>>();
  /** The parents found so far, for notes (written only about findings already compared with them). */
  const known = new Map<string, Parent | undefined>();
  const parentOf = (ref: string): Promise<Parent | undefined> => {
    let found = byRef.get(ref);
    if (!found) {
      const pushed = refs.find((r) => r.ref === ref);
      found = (async () => {
        if (!pushed) return undefined;
        if (pushed.remoteCommit !== undefined) return { commit: pushed.remoteCommit, name: shortId(pushed.remoteCommit) };
        if (boundary.length === 0) return undefined;
        const { stdout, status } = await git(root, ['merge-base', pushed.tip, ...boundary], { okCodes: [1] });
        const base = stdout.toString('utf8').trim();
        return status === 0 && base !== '' ? { commit: base, name: shortId(base) } : undefined;
      })().then((parent) => {
        known.set(ref, parent);
        return parent;
      });
      byRef.set(ref, found);
    }
    return found;
  };
  return changeParents(root, {
    loose,
    async of(target) {
      const found = await Promise.all((target.origin ?? []).map((origin) => parentOf(origin.ref)));
      if (found.length === 0 || found.some((parent) => parent === undefined)) return [];
      return [...new Map((found as Parent[]).map((parent) => [parent.commit, parent])).values()];
    },
    side: (target) => target.tree ?? refs.find((r) => r.ref === target.origin?.[0]?.ref)?.tip,
    nameFor(finding) {
      const names = new Set((finding.origin ?? []).flatMap((origin) => known.get(origin.ref)?.name ?? []));
      return [...names].join(', ') || 'what the server has';
    },
  });
}
