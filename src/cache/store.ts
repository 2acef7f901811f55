import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { keepBound } from './bound.js';
import { ignoreGone, listEntries } from './entries.js';

/** Bumped whenever the shape of a cached value changes, so old entries are misses. */
export const CACHE_FORMAT = 1;

/** What the cache holds: its entries and their total size. */
export interface CacheUsage {
  entries: number;
  bytes: number;
}

/**
 * Content-addressed store under <git-common-dir>/secgate/cache, shared by
 * worktrees. A key names exactly what produced a value (the blob and the
 * scanner's identity), so entries never go stale; only the bound
 * (`cache.maxEntries`, oldest written out first) removes them.
 */
export class CacheStore {
  constructor(
    readonly dir: string,
    readonly maxEntries: number,
  ) {}

  static at(commonDir: string, maxEntries: number): CacheStore {
    return new CacheStore(join(commonDir, 'secgate', 'cache'), maxEntries);
  }

  /**
   * Cache keys for blobs as seen by one scanner: the blob id (already a
   * content hash, so it spreads entries evenly over the shards) and the
   * scanner's identity, escaped for a file name (RFC 3986 strict, so two
   * identities never share a name). No hashing: a warm commit then never
   * loads node:crypto.
   */
  static keys(scannerIdentity: string): (blob: string) => string {
    const scanner = encodeURIComponent(`${CACHE_FORMAT} ${scannerIdentity}`).replace(
      /[!'()*~]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    return (blob) => `${blob}-${scanner}`;
  }

  private pathOf(key: string): string {
    // Plain concatenation: join() normalises, which costs more than the read at a warm commit's scale.
    return `${this.dir}${sep}${key.slice(0, 2)}${sep}${key.slice(2)}.json`;
  }

  /**
   * The stored values, undefined for a miss; a damaged entry (unreadable, or
   * not of the expected shape) is a miss. Read synchronously: a warm commit
   * reads hundreds of small files with nothing else to do meanwhile, and a
   * sync read is a few system calls where a promise read is a dozen callbacks.
   */
  getMany<T>(keys: string[], isValid: (value: unknown) => value is T): (T | undefined)[] {
    return keys.map((key) => {
      try {
        const { value } = JSON.parse(readFileSync(this.pathOf(key), 'utf8')) as { value?: unknown };
        return isValid(value) ? value : undefined;
      } catch {
        return undefined;
      }
    });
  }

  /**
   * Writes atomically: a reader sees the old entry, the new one, or none,
   * never half of one. `folderMade` skips the mkdir when the caller made it.
   */
  async set(key: string, value: unknown, folderMade = false): Promise<void> {
    const file = this.pathOf(key);
    const temp = tempSibling(file);
    const write = async (makeFolder: boolean) => {
      if (makeFolder) await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, JSON.stringify({ value }));
      await rename(temp, file);
    };
    // A concurrent `cache clear` may take the directory away between mkdir and rename: once more.
    await write(!folderMade).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await write(true);
    });
  }

  /**
   * Stores new results, then keeps the bound. Returns the first error, if any:
   * a cache that cannot be written costs speed, never a verdict.
   */
  async add(entries: [key: string, value: unknown][]): Promise<Error | undefined> {
    // Each shard folder once, not once per entry (a cold run writes hundreds); a failure shows in the writes.
    const folders = new Set(entries.map(([key]) => dirname(this.pathOf(key))));
    await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true }).catch(() => undefined)));
    const outcomes = await Promise.all(
      entries.map(([key, value]) =>
        this.set(key, value, true).then(
          () => undefined,
          (error: Error) => error,
        ),
      ),
    );
    const written = outcomes.filter((outcome) => outcome === undefined).length;
    const failed = outcomes.find((outcome) => outcome !== undefined);
    if (written === 0) return failed;
    return keepBound(this.dir, this.maxEntries, written).then(
      () => failed,
      (error: Error) => failed ?? error,
    );
  }

  async usage(): Promise<CacheUsage> {
    const { entries } = await listEntries(this.dir);
    return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.bytes, 0) };
  }

  /**
   * Removes the whole cache; returns what it held, or undefined when there was
   * none. The directory is first renamed aside, atomically, so a concurrent
   * hook never writes into a half-removed tree: it starts a fresh one.
   */
  async clear(): Promise<CacheUsage | undefined> {
    const parent = dirname(this.dir);
    const aside = tempSibling(this.dir, 'removing');
    const moved = await rename(this.dir, aside).then(() => true, ignoreGone);
    const removed = moved ? await new CacheStore(aside, this.maxEntries).usage() : undefined;
    // Also what an interrupted clear left behind.
    const prefix = `${basename(this.dir)}.`;
    const leftovers = ((await readdir(parent).catch(ignoreGone)) ?? []).filter(
      (name) => name.startsWith(prefix) && name.endsWith('.removing'),
    );
    await Promise.all(leftovers.map((name) => rm(join(parent, name), { recursive: true, force: true })));
    return removed;
  }
}
