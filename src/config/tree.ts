import { constants } from 'node:fs';
import { lstat, open } from '../process/fs-async.js';
import { join } from 'node:path';
import { BlobReader } from '../git/blobs.js';
import { gitSync } from '../git/exec.js';
import type { LooseObjects } from '../git/loose.js';
import { MODE_SUBMODULE, MODE_SYMLINK, parseLsEntries } from '../git/parse.js';
import { messages } from '../messages.js';

export type ConfigEntryKind = 'file' | 'symlink' | 'submodule' | 'directory' | 'other';

/** What a tree holds at a config path. */
export interface ConfigEntry {
  path: string;
  kind: ConfigEntryKind;
  /** What identifies the content: the blob id in git, size, times and inode on disk. */
  id: string;
}

/**
 * Where a run's configuration is read from: the same tree as the content it
 * governs. The index for a commit and `scan --staged`/`--all`, a commit for a
 * push and `scan --since`, the disk only for `scan <paths>`. An unstaged edit
 * thus never changes a commit's verdict.
 */
export interface ConfigTree {
  /** Said after a file name in messages ("as staged"); undefined for the disk. */
  where: string | undefined;
  /** The entries at exactly these paths (relative to the root); absent ones are left out. */
  entries(paths: readonly string[]): Promise<Map<string, ConfigEntry>>;
  /** The content of regular-file entries this tree listed, in order. */
  read(entries: readonly ConfigEntry[]): Promise<Buffer[]>;
}

function kindOfMode(mode: string): ConfigEntryKind {
  if (mode === MODE_SYMLINK) return 'symlink';
  if (mode === MODE_SUBMODULE) return 'submodule';
  if (mode === '040000') return 'directory';
  return mode.startsWith('100') ? 'file' : 'other';
}

/** Entries from `ls-files -s` or `ls-tree` output, at exactly the asked paths (a pathspec also matches below a folder). */
function exactEntries(output: Buffer, paths: readonly string[]): Map<string, ConfigEntry> {
  const wanted = new Set(paths);
  const found = new Map<string, ConfigEntry>();
  for (const entry of parseLsEntries(output)) {
    if (wanted.has(entry.path)) found.set(entry.path, { path: entry.path, kind: kindOfMode(entry.mode), id: entry.blob });
    // The index lists no folders, only the files in them: a config path that is a folder shows as a file below it.
    const slash = entry.path.indexOf('/');
    for (let at = slash; at >= 0; at = entry.path.indexOf('/', at + 1)) {
      const folder = entry.path.slice(0, at);
      if (wanted.has(folder) && !found.has(folder)) found.set(folder, { path: folder, kind: 'directory', id: 'tree' });
    }
  }
  return found;
}

async function readBlobs(root: string, entries: readonly ConfigEntry[], loose: LooseObjects | undefined): Promise<Buffer[]> {
  if (entries.length === 0) return [];
  const reader = new BlobReader(root, { loose });
  try {
    return await Promise.all(entries.map((entry) => reader.read(entry.id)));
  } finally {
    reader.close();
  }
}

/** The index (GIT_INDEX_FILE honoured): what the commit being made will hold. */
export function indexTree(root: string, loose?: LooseObjects): ConfigTree {
  return {
    where: messages.configWhereIndex,
    async entries(paths) {
      // Literal pathspecs: a banditConfig name with `*` in it names one file, not a pattern.
      // Synchronous, as the hook's other quick git calls: nothing to overlap with, and it saves node's async pipes.
      const { stdout } = gitSync(root, ['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...paths]);
      return exactEntries(stdout, paths);
    },
    read: (entries) => readBlobs(root, entries, loose),
  };
}

/** A commit's tree: the pushed commit for a push, HEAD for `scan --since`. */
export function commitTree(root: string, commit: string, loose?: LooseObjects): ConfigTree {
  return {
    where: messages.configWhereCommit(commit),
    async entries(paths) {
      const { stdout } = gitSync(root, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', ...paths]);
      return exactEntries(stdout, paths);
    },
    read: (entries) => readBlobs(root, entries, loose),
  };
}

/** The working tree, for `scan <paths>` only. Links are listed as links, never followed. */
export function diskTree(root: string): ConfigTree {
  return {
    where: undefined,
    async entries(paths) {
      const found = new Map<string, ConfigEntry>();
      for (const path of paths) {
        const info = await lstat(join(root, path), { bigint: true }).catch(() => undefined);
        if (!info) continue;
        const kind: ConfigEntryKind = info.isFile()
          ? 'file'
          : info.isSymbolicLink()
            ? 'symlink'
            : info.isDirectory()
              ? 'directory'
              : 'other';
        found.set(path, { path, kind, id: `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}` });
      }
      return found;
    },
    read: (entries) =>
      Promise.all(
        entries.map(async (entry) => {
          // No following a link swapped in since lstat, no blocking on a FIFO: a regular file or nothing.
          const handle = await open(join(root, entry.path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
          try {
            if (!(await handle.stat()).isFile()) throw new Error(`${entry.path} is not a regular file`);
            return await handle.readFile();
          } finally {
            await handle.close();
          }
        }),
      ),
  };
}
