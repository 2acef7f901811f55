/**
 * Following symbolic links inside one tree (the index, a commit, or the disk
 * for `scan <paths>`). Git stores a link as a blob of mode 120000 whose content
 * is the target path; Python imports and pip reads what the link points at, so
 * a link is judged by its target's content under the link's own name.
 */
import { MODE_SUBMODULE, MODE_SYMLINK, parseLsEntries, type TreeEntry } from './parse.js';

/** What a path names in a tree. */
export type PathEntry =
  { kind: 'file'; blob: string; mode: string } | { kind: 'link'; blob: string } | { kind: 'dir' } | { kind: 'submodule' };

/** One tree, as link resolution sees it. */
export interface TreeView {
  /** What is at a repository path (`/` separators), or undefined when nothing is. */
  at(path: string): Promise<PathEntry | undefined>;
  /** The target a link at `path` names, as written. */
  linkTarget(path: string, entry: { blob: string }): Promise<string>;
  /** Every symlink of the tree (listed trees only: the disk is never walked). */
  links?(): Promise<TreeEntry[]>;
}

export type Resolution =
  /** A file of the tree: `path` is where it really is, `through` every link followed on the way. */
  | { kind: 'file'; path: string; blob: string; mode: string; through: string[] }
  /** A folder (or a submodule itself): not a file, its files are judged under their own names. */
  | { kind: 'directory'; through: string[] }
  /** Absolute, climbing above the root, or into a submodule: not in this tree. */
  | { kind: 'outside'; target: string; through: string[] }
  /** Names nothing in the tree (or goes through a file as if it were a folder). */
  | { kind: 'dangling'; target: string; through: string[] }
  /** More links than MAX_LINK_HOPS in a row: a loop, as the kernel decides it (ELOOP). */
  | { kind: 'loop'; through: string[] };

/** Linux's MAXSYMLINKS: a longer chain is taken as a loop. */
export const MAX_LINK_HOPS = 40;

function parts(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

/**
 * Resolves a repository path the way the kernel would, in `tree`: every link
 * along the way (in a folder part too) is followed relative to its own folder,
 * `..` is taken after a link is followed (POSIX), and the walk never leaves
 * the root.
 */
export async function resolvePath(tree: TreeView, path: string): Promise<Resolution> {
  const done: string[] = [];
  let rest = parts(path);
  const through: string[] = [];
  let written = path;
  while (rest.length > 0) {
    const [part, ...tail] = rest as [string, ...string[]];
    rest = tail;
    if (part === '..') {
      if (done.length === 0) return { kind: 'outside', target: written, through };
      done.pop();
      continue;
    }
    const here = [...done, part].join('/');
    const entry = await tree.at(here);
    if (entry === undefined) return { kind: 'dangling', target: written, through };
    switch (entry.kind) {
      case 'dir':
        done.push(part);
        break;
      case 'submodule':
        if (rest.length > 0) return { kind: 'outside', target: written, through };
        return { kind: 'directory', through };
      case 'file':
        if (rest.length > 0) return { kind: 'dangling', target: written, through };
        return { kind: 'file', path: here, blob: entry.blob, mode: entry.mode, through };
      case 'link': {
        through.push(here);
        if (through.length > MAX_LINK_HOPS) return { kind: 'loop', through };
        written = await tree.linkTarget(here, entry);
        // Absolute targets (and Windows drive paths) name something outside any tree.
        if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) return { kind: 'outside', target: written, through };
        rest = [...parts(written), ...rest];
        break;
      }
    }
  }
  return { kind: 'directory', through };
}

/**
 * A view of a listed tree (`git ls-files --stage`, `git ls-tree -r`): folders
 * are the prefixes of the listed paths; link targets are read from the object
 * store by blob id.
 */
export function listingView(entries: readonly TreeEntry[], readBlob: (blob: string) => Promise<Buffer>): TreeView {
  const byPath = new Map<string, TreeEntry>();
  const dirs = new Set<string>();
  for (const entry of entries) {
    byPath.set(entry.path, entry);
    for (let slash = entry.path.indexOf('/'); slash >= 0; slash = entry.path.indexOf('/', slash + 1)) dirs.add(entry.path.slice(0, slash));
  }
  return {
    at(path) {
      const entry = byPath.get(path);
      if (entry === undefined) return Promise.resolve(dirs.has(path) ? { kind: 'dir' } : undefined);
      if (entry.mode === MODE_SYMLINK) return Promise.resolve({ kind: 'link', blob: entry.blob });
      if (entry.mode === MODE_SUBMODULE) return Promise.resolve({ kind: 'submodule' });
      return Promise.resolve({ kind: 'file', blob: entry.blob, mode: entry.mode });
    },
    linkTarget: async (_path, entry) => (await readBlob(entry.blob)).toString('utf8'),
  };
}

/**
 * The symlinks of a listing (`ls-files --stage -z` or `ls-tree -r -z`),
 * without parsing the rest: most trees have none, and this runs in hooks.
 */
export function listedLinks(listing: Buffer): TreeEntry[] {
  const links: TreeEntry[] = [];
  const marker = Buffer.from(`${MODE_SYMLINK} `);
  for (let at = listing.indexOf(marker); at >= 0; at = listing.indexOf(marker, at + 1)) {
    if (at > 0 && listing[at - 1] !== 0) continue;
    const end = listing.indexOf(0, at);
    links.push(...parseLsEntries(listing.subarray(at, end < 0 ? listing.length : end)));
  }
  return links;
}

/** Whether a resolution is a link the gate cannot judge: out of the tree, dangling, or a loop. */
export function isBroken(resolution: Resolution): resolution is Extract<Resolution, { kind: 'outside' | 'dangling' | 'loop' }> {
  return resolution.kind === 'outside' || resolution.kind === 'dangling' || resolution.kind === 'loop';
}
