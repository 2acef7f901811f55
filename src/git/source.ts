import { lstat, readFile, readlink } from '../process/fs-async.js';
import { join } from 'node:path';
import { ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { BlobReader, isObjectMissing } from './blobs.js';
import { git } from './exec.js';
import type { LooseObjects } from './loose.js';
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
   * The same content, its hash compared with the entry's id later, by checkUnchecked (see
   * BlobReader.readUnchecked), which must pass before anything made of it is used. Only where
   * the check can wait: sources without it read as read() does.
   */
  readUnchecked?(entry: TreeEntry): Promise<Buffer>;
  /** The ids readUnchecked gave content for that is not what the id names (a tampered or corrupt loose object). */
  checkUnchecked?(): Promise<string[]>;
  /**
   * Any path in the same tree, symlinks followed inside it; undefined when it
   * is not there (or a link leads out of the tree, or nowhere). `tree` (a
   * target's, for a push that spans commits) names the commit to read from.
   */
  readPath(path: string, tree?: string): Promise<Buffer | undefined>;
  /** Every path in the same tree (or in `tree`, as for readPath). */
  listPaths(tree?: string): Promise<string[]>;
  /**
   * The tree in which a target's symlinks are followed: for a push, the
   * pushed commit it came with (`commit`); otherwise the source's only tree.
   */
  tree(commit?: string): TreeView;
  close(): void;
}

/**
 * Reads `<revision>:<path>` (`:<path>` for the index); undefined when that
 * tree has no such path. A path the tree has whose object is not here (a
 * partial clone, which a hook never fetches into) is an error, never an
 * absent file: unread content is not clean content.
 */
export async function readTreePath(root: string, reader: BlobReader, spec: string): Promise<Buffer | undefined> {
  try {
    return await reader.read(spec);
  } catch (error) {
    if (!isObjectMissing(error)) throw error;
    const { status } = await git(root, ['rev-parse', '-q', '--verify', spec], { okCodes: [1, 128] });
    if (status === 0) throw error;
    return undefined;
  }
}

function splitZ(output: Buffer): string[] {
  return output.toString('utf8').split('\0').filter(Boolean);
}

/** Reads a path of a tree, following links in it: a file's content, or undefined. */
async function readThroughLinks(tree: TreeView, read: (blob: string) => Promise<Buffer>, path: string): Promise<Buffer | undefined> {
  const resolved = await resolvePath(tree, path);
  return resolved.kind === 'file' ? read(resolved.blob) : undefined;
}

/**
 * One tree of the object store (`:` the index, `<commit>:` a commit), listed
 * in full only when a link must be followed in it. `links` lists its symlinks
 * (by default from that full listing, scanned for links only). A path with
 * no link along it is read directly, as `<revision>:<path>`.
 */
export function objectTree(options: {
  revision: string;
  listFull: () => Promise<Buffer>;
  readObject: (name: string) => Promise<Buffer>;
  /** `<revision>:<path>`, undefined only when the tree has no such path (readTreePath). */
  readOptional: (name: string) => Promise<Buffer | undefined>;
  links?: () => Promise<TreeEntry[]>;
}) {
  const { revision, readObject, readOptional } = options;
  let raw: Promise<Buffer> | undefined;
  const listing = () => (raw ??= options.listFull());
  let view: Promise<TreeView> | undefined;
  const ready = () => (view ??= listing().then((all) => listingView(parseLsEntries(all), readObject)));
  let linked: Promise<TreeEntry[]> | undefined;
  const links = () => (linked ??= options.links ? options.links() : listing().then(listedLinks));
  const tree: TreeView = {
    at: async (path) => (await ready()).at(path),
    linkTarget: async (path, entry) => (await ready()).linkTarget(path, entry),
    links,
  };
  // No catch-all: a git that died or a blob this clone lacks is a fault (exit 3), never an absent include.
  async function readPath(path: string): Promise<Buffer | undefined> {
    const along = (await links()).some((link) => path === link.path || path.startsWith(`${link.path}/`));
    if (along) return readThroughLinks(tree, readObject, path);
    // The batch protocol is line-based: a path with a newline cannot be asked for.
    return path.includes('\n') ? undefined : readOptional(`${revision}:${path}`);
  }
  return { tree, readPath };
}

/** Reads from the object store: the index, or a commit's tree. */
function objectStoreSource(
  root: string,
  revision: string,
  lists: { full: () => Promise<Buffer>; names: () => Promise<Buffer> },
  links?: () => Promise<TreeEntry[]>,
  loose?: LooseObjects,
): ContentSource {
  let reader: BlobReader | undefined;
  const open = () => (reader ??= new BlobReader(root, { loose }));
  const readObject = (name: string) => open().read(name);
  const readOptional = (name: string) => readTreePath(root, open(), name);
  const { tree, readPath } = objectTree({ revision, listFull: lists.full, readObject, readOptional, ...(links ? { links } : {}) });
  return {
    read: (entry) => readObject(entry.blob),
    readUnchecked: (entry) => open().readUnchecked(entry.blob),
    checkUnchecked: async () => (reader ? reader.checkUnchecked() : []),
    readPath: (path) => readPath(path),
    listPaths: async () => splitZ(await lists.names()),
    tree: () => tree,
    close: () => reader?.close(),
  };
}

/** Every index entry with its mode. */
export async function listIndex(root: string): Promise<Buffer> {
  return (await git(root, ['ls-files', '--stage', '-z'])).stdout;
}

/**
 * The index. `links`, when given, lists (at least) its symlinks without
 * listing the whole index (the pre-commit hook remembers HEAD's links, see
 * cache/head-links.ts, and adds the staged ones).
 */
export function indexSource(root: string, links?: () => Promise<TreeEntry[]>, loose?: LooseObjects): ContentSource {
  const names = async () => (await git(root, ['ls-files', '-z'])).stdout;
  return objectStoreSource(root, '', { full: () => listIndex(root), names }, links, loose);
}

/** The files of a commit's tree (`ls-tree -r`: blobs, links and submodules, no folders). */
export async function listCommit(root: string, commit: string): Promise<Buffer> {
  return (await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--'])).stdout;
}

export function commitSource(root: string, commit: string, loose?: LooseObjects): ContentSource {
  const names = async () => (await git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--'])).stdout;
  return objectStoreSource(root, commit, { full: () => listCommit(root, commit), names }, undefined, loose);
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

/**
 * Files as they are on disk now (`scan <paths>`). `blobId` is the hash the
 * entries were listed with: a file read again for Bandit must still be those
 * bytes, or a result would be judged (and cached) for other content than the
 * id it is stored under.
 */
export function diskSource(root: string, blobId: (content: Buffer) => string): ContentSource {
  const tree = diskView(root);
  return {
    async read(entry) {
      const content = await readFile(join(root, entry.path));
      if (blobId(content) !== entry.blob) {
        throw new ToolError(messages.fileChangedWhileScanned(entry.path), { remedy: messages.fileChangedWhileScannedRemedy });
      }
      return content;
    },
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
