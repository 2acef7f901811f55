import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { BlobReader, isObjectMissing } from './blobs.js';
import { git } from './exec.js';
import type { TreeEntry } from './parse.js';

/**
 * Where file content comes from: the index (pre-commit, scan --staged), a
 * commit (pre-push, scan --since), or the disk (scan <paths>). Includes such
 * as `-r base.txt` are read from the same place as the file that names them.
 */
export interface ContentSource {
  /** The content of an entry this source listed. */
  read(entry: TreeEntry): Promise<Buffer>;
  /**
   * Any path in the same tree; undefined when it is not there. `tree` (a
   * target's, for a push that spans commits) names the commit to read from.
   */
  readPath(path: string, tree?: string): Promise<Buffer | undefined>;
  /** Every path in the same tree (or in `tree`, as for readPath). */
  listPaths(tree?: string): Promise<string[]>;
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

/** Reads from the object store: `:path` names the index, `<commit>:path` a commit's tree. */
function objectStoreSource(root: string, revision: string | undefined, list: () => Promise<string[]>): ContentSource {
  let reader: BlobReader | undefined;
  const open = () => (reader ??= new BlobReader(root));
  return {
    read: (entry) => open().read(entry.blob),
    async readPath(path) {
      // The batch protocol is line-based: a path with a newline cannot be asked for.
      if (path.includes('\n')) return undefined;
      return readTreePath(root, open(), `${revision ?? ''}:${path}`);
    },
    listPaths: list,
    close: () => reader?.close(),
  };
}

export function indexSource(root: string): ContentSource {
  return objectStoreSource(root, undefined, async () => splitZ((await git(root, ['ls-files', '-z'])).stdout));
}

export function commitSource(root: string, commit: string): ContentSource {
  return objectStoreSource(root, commit, async () =>
    splitZ((await git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--'])).stdout),
  );
}

/**
 * Files as they are on disk now (`scan <paths>`). `blobId` is the hash the
 * entries were listed with: a file read again for Bandit must still be those
 * bytes, or a result would be judged (and cached) for other content than the
 * id it is stored under.
 */
export function diskSource(root: string, blobId: (content: Buffer) => string): ContentSource {
  const readPath = async (path: string) => {
    try {
      return await readFile(join(root, path));
    } catch {
      return undefined;
    }
  };
  return {
    async read(entry) {
      const content = await readFile(join(root, entry.path));
      if (blobId(content) !== entry.blob) {
        throw new ToolError(messages.fileChangedWhileScanned(entry.path), { remedy: messages.fileChangedWhileScannedRemedy });
      }
      return content;
    },
    readPath,
    listPaths: async () => splitZ((await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).stdout),
    close: () => {},
  };
}
