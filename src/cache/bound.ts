import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { ignoreGone, listEntries, removeFiles } from './entries.js';

/**
 * The number of entries, kept beside them so that a write need not list the
 * cache. Concurrent hooks may lose an increment; the exact count is taken
 * again at every prune, so the error never grows past one prune.
 */
const COUNT_FILE = 'count';

// The count's read and write are synchronous: one tiny file, where a promise would start the thread pool.
function readCount(dir: string): number | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(join(dir, COUNT_FILE), 'utf8');
  } catch {
    text = undefined;
  }
  const count = Number(text);
  return text !== undefined && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

function writeCount(dir: string, count: number): void {
  const file = join(dir, COUNT_FILE);
  const temp = tempSibling(file);
  try {
    writeFileSync(temp, String(count));
    renameSync(temp, file);
  } catch (error) {
    // A concurrent `cache clear` may take the directory away meanwhile: then there is nothing to count.
    ignoreGone(error as NodeJS.ErrnoException);
  }
}

/**
 * Once over the bound, prune to 90% of it: a full cache is then listed once
 * per tenth of its size in new entries, not on every commit.
 */
export function pruneTarget(maxEntries: number): number {
  return maxEntries - Math.floor(maxEntries / 10);
}

/**
 * Called after `added` new entries were written. Cheap while the count is
 * under the bound (one small read and write); past it, or when the count is
 * missing or damaged, lists the cache, removes the oldest-written entries and
 * records the exact count.
 */
export async function keepBound(dir: string, maxEntries: number, added: number): Promise<void> {
  const known = readCount(dir);
  // A concurrent `cache clear` may take the directory away meanwhile: then there is nothing to bound.
  if (known !== undefined && known + added <= maxEntries) {
    writeCount(dir, known + added);
    return;
  }
  const { entries, staleTemps } = await listEntries(dir);
  let kept = entries.length;
  const doomed = staleTemps;
  if (kept > maxEntries) {
    const target = pruneTarget(maxEntries);
    // Oldest written first; the name breaks ties, so concurrent prunes pick the same files.
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : 1));
    doomed.push(...entries.slice(0, kept - target).map((entry) => entry.path));
    kept = target;
  }
  await removeFiles(doomed);
  writeCount(dir, kept);
}
