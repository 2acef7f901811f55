import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobReader } from './blobs.js';
import { git } from './exec.js';
import { parseLsEntries, type TreeEntry } from './parse.js';
import { listedLinks, listingView, resolvePath, type TreeView } from './symlinks.js';

/**
 * Where file content comes from: the index (pre-commit, scan --staged), a
 * commit (pre-push, scan --since), or the disk (scan <paths>). Includes such
 * as `-r base.txt` are read from the same place as the file that names them.
 */
export interface ContentSource {
  /** The content of an entry this source listed. */
  read(entry: TreeEntry): Promise<Buffer>;
  /**
   * Any path in the same tree, symlinks followed inside it; undefined when it
   * is not there (or a link leads out of the tree, or nowhere).
   */
  readPath(path: string): Promise<Buffer | undefined>;
  /** Every path in the same tree. */
  listPaths(): Promise<string[]>;
  /**
   * The tree in which a target's symlinks are followed: for a push, the
   * pushed commit it came with (`commit`); otherwise the source's only tree.
   */
  tree(commit?: string): TreeView;
  close(): void;
}

function splitZ(output: Buffer): string[] {
  return output.toString('utf8').split('\0').filter(Boolean);
}

/** Reads a path of a tree, following links in it: a file's content, or undefined. */
export async function readThroughLinks(tree: TreeView, read: (blob: string) => Promise<Buffer>, path: string): Promise<Buffer | undefined> {
  const resolved = await resolvePath(tree, path);
  return resolved.kind === 'file' ? read(resolved.blob) : undefined;
}

/**
 * The entries of one tree of the object store, listed once on first use (only
 * runs that follow a link or read an include pay for it), with a view for
 * link resolution.
 */
export function listedTree(list: () => Promise<Buffer>, readBlob: (blob: string) => Promise<Buffer>) {
  let raw: Promise<Buffer> | undefined;
  const listing = () => (raw ??= list());
  let listed: Promise<TreeEntry[]> | undefined;
  const entries = () => (listed ??= listing().then(parseLsEntries));
  let view: Promise<TreeView> | undefined;
  const ready = () => (view ??= entries().then((all) => listingView(all, readBlob)));
  const tree: TreeView = {
    at: async (path) => (await ready()).at(path),
    linkTarget: async (path, entry) => (await ready()).linkTarget(path, entry),
    links: async () => listedLinks(await listing()),
  };
  return { tree, paths: async () => (await entries()).map((entry) => entry.path) };
}

/** Reads from the object store: the index's listing, or a commit's tree. */
function objectStoreSource(root: string, list: () => Promise<Buffer>): ContentSource {
  let reader: BlobReader | undefined;
  const open = () => (reader ??= new BlobReader(root));
  const readBlob = (blob: string) => open().read(blob);
  const { tree, paths } = listedTree(list, readBlob);
  return {
    read: (entry) => readBlob(entry.blob),
    async readPath(path) {
      try {
        return await readThroughLinks(tree, readBlob, path);
      } catch {
        return undefined;
      }
    },
    listPaths: paths,
    tree: () => tree,
    close: () => reader?.close(),
  };
}

/** Every index entry with its mode (`:/` and --full-name: the whole index, from any folder of the work tree). */
export async function listIndex(cwd: string): Promise<Buffer> {
  return (await git(cwd, ['ls-files', '--stage', '-z', '--full-name', '--', ':/'])).stdout;
}

export function indexSource(root: string): ContentSource {
  return objectStoreSource(root, () => listIndex(root));
}

/** The files of a commit's tree (`ls-tree -r`: blobs, links and submodules, no folders). */
export async function listCommit(root: string, commit: string): Promise<Buffer> {
  return (await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--'])).stdout;
}

export function commitSource(root: string, commit: string): ContentSource {
  return objectStoreSource(root, () => listCommit(root, commit));
}

/** The work tree as link resolution sees it: lstat and readlink, never leaving the root. */
export function diskView(root: string): TreeView {
  return {
    async at(path) {
      const full = join(root, path);
      const stat = await lstat(full).catch(() => undefined);
      if (!stat) return undefined;
      if (stat.isSymbolicLink()) return { kind: 'link', blob: '' };
      if (stat.isDirectory()) return { kind: 'dir' };
      if (!stat.isFile()) return undefined;
      // Only scan <paths> resolves on disk: node:crypto stays out of the hooks' path.
      const { blobId } = await import('./blob-id.js');
      return { kind: 'file', blob: blobId(await readFile(full)), mode: stat.mode & 0o111 ? '100755' : '100644' };
    },
    linkTarget: (path) => readlink(join(root, path), 'utf8'),
  };
}

export function diskSource(root: string): ContentSource {
  const tree = diskView(root);
  return {
    read: async (entry) => readFile(join(root, entry.path)),
    async readPath(path) {
      try {
        const resolved = await resolvePath(tree, path);
        return resolved.kind === 'file' ? await readFile(join(root, resolved.path)) : undefined;
      } catch {
        return undefined;
      }
    },
    listPaths: async () => splitZ((await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).stdout),
    tree: () => tree,
    close: () => {},
  };
}
