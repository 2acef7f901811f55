import { readdir, stat, unlink } from '../process/fs-async.js';
import { join } from 'node:path';

/** One stored result: its file, size and when it was written. */
export interface EntryFile {
  path: string;
  bytes: number;
  mtimeMs: number;
}

/** A temporary file older than this was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** File operations in flight at once: enough to keep the disk busy, few enough for a small heap. */
const PARALLEL = 64;

const isShard = (name: string) => /^[0-9a-f]{2}$/.test(name);

/** Another process (a concurrent hook's prune, `cache clear`) may remove anything at any time: gone is fine. */
export function ignoreGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
}

/** Runs `task` on every item with at most PARALLEL at once. */
export async function eachLimited<T>(items: T[], task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}

/**
 * Every entry in the cache directory (the 256 two-character shards), and the
 * temporary files that dead writers left behind. Entries that vanish while
 * being listed are left out.
 */
export async function listEntries(dir: string, now = Date.now()): Promise<{ entries: EntryFile[]; staleTemps: string[] }> {
  const shards = ((await readdir(dir).catch(ignoreGone)) ?? []).filter(isShard);
  const names: string[] = [];
  await eachLimited(shards, async (shard) => {
    for (const name of (await readdir(join(dir, shard)).catch(ignoreGone)) ?? []) names.push(join(dir, shard, name));
  });
  const entries: EntryFile[] = [];
  const staleTemps: string[] = [];
  await eachLimited(names, async (path) => {
    const info = await stat(path).catch(ignoreGone);
    if (!info?.isFile()) return;
    if (path.endsWith('.json')) entries.push({ path, bytes: info.size, mtimeMs: info.mtimeMs });
    else if (path.endsWith('.tmp') && now - info.mtimeMs > STALE_TEMP_MS) staleTemps.push(path);
  });
  return { entries, staleTemps };
}

/** Removes files, tolerating ones a concurrent process removed first. */
export async function removeFiles(paths: string[]): Promise<void> {
  await eachLimited(paths, (path) => unlink(path).catch(ignoreGone));
}
