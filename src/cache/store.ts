import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from '../process/fs-async.js';
import { basename, dirname, join, sep } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { BATCHES_KEPT, BATCH_MIN, batchFile, batchKeys, batchName, batchValues } from './batch.js';
import { keepBound } from './bound.js';
import { ignoreGone, listEntries } from './entries.js';

/** Bumped whenever the shape of a cached value changes, so old entries are misses (2: code findings carry codeDigest). */
export const CACHE_FORMAT = 2;
/** A batch's temporary file older than this was left by a writer that died. */
const STALE_BATCH_TEMP_MS = 60 * 60 * 1000;

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
  /** The batch getMany looked for (its sorted keys and name) and whether it answered: addBatch reuses both. */
  private lastBatch: { keys: string[]; name: string; read: boolean } | undefined;
  /** Shard folders this store made (or found) during the run. */
  private readonly shardsMade = new Set<string>();

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
    const batched = this.getBatch(keys, isValid);
    if (batched) return batched;
    return keys.map((key) => {
      try {
        const { value } = JSON.parse(readFileSync(this.pathOf(key), 'utf8')) as { value?: unknown };
        return isValid(value) ? value : undefined;
      } catch {
        return undefined;
      }
    });
  }

  private batchPath(name: string): string {
    return `${this.dir}${sep}batches${sep}${name}.json`;
  }

  /** All values at once from the batch of exactly these keys (see batch.ts), or undefined. */
  private getBatch<T>(keys: string[], isValid: (value: unknown) => value is T): (T | undefined)[] | undefined {
    const distinct = batchKeys(keys);
    if (distinct.length < BATCH_MIN) return undefined;
    const name = batchName(distinct);
    this.lastBatch = { keys: distinct, name, read: false };
    let values: T[] | undefined;
    try {
      values = batchValues(JSON.parse(readFileSync(this.batchPath(name), 'utf8')), distinct, isValid);
    } catch {
      return undefined;
    }
    if (!values) return undefined;
    this.lastBatch.read = true;
    const byKey = new Map(distinct.map((key, i) => [key, values[i]]));
    return keys.map((key) => byKey.get(key));
  }

  /**
   * Remembers a whole run's results as one batch file, for runs of BATCH_MIN
   * distinct blobs or more that did not just read it. Best effort, and never
   * an error: the entries hold the same results.
   */
  async addBatch(results: Map<string, unknown>): Promise<void> {
    // Usually the keys getMany just sorted and named: no second sort and hash on a warm commit.
    const last = this.lastBatch;
    const same = last !== undefined && last.keys.length === results.size && last.keys.every((key) => results.has(key));
    if (same && last.read) return;
    const keys = same ? last.keys : batchKeys([...results.keys()]);
    if (keys.length < BATCH_MIN) return;
    const name = same ? last.name : batchName(keys);
    const file = this.batchPath(name);
    const temp = tempSibling(file);
    try {
      await mkdir(dirname(file), { recursive: true });
      const values = keys.map((key) => results.get(key));
      await writeFile(temp, JSON.stringify(batchFile(keys, values)));
      await rename(temp, file);
      await this.pruneBatches(dirname(file));
    } catch {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Keeps the newest BATCHES_KEPT batch files, and removes temporary files that dead writers left. */
  private async pruneBatches(folder: string): Promise<void> {
    const names = await readdir(folder);
    if (names.length <= BATCHES_KEPT) return;
    const files = await Promise.all(
      names.map(async (name) => ({ path: join(folder, name), info: await stat(join(folder, name)).catch(() => undefined) })),
    );
    const now = Date.now();
    const batches = files.filter(({ path, info }) => info && path.endsWith('.json'));
    batches.sort((a, b) => (b.info?.mtimeMs ?? 0) - (a.info?.mtimeMs ?? 0));
    const doomed = [
      ...batches.slice(BATCHES_KEPT),
      ...files.filter(({ path, info }) => info && path.endsWith('.tmp') && now - info.mtimeMs > STALE_BATCH_TEMP_MS),
    ];
    await Promise.all(doomed.map(({ path }) => unlink(path).catch(() => undefined)));
  }

  /**
   * Writes atomically: a reader sees the old entry, the new one, or none,
   * never half of one. `folderMade` skips the mkdir when the caller made it.
   * Synchronous, like the scanner's copies: an entry is a few hundred bytes,
   * and handing each write to the thread pool costs more than the write (and,
   * on a one-file commit, starting the pool and loading node:fs/promises).
   */
  async set(key: string, value: unknown, folderMade = false): Promise<void> {
    this.write(key, value, folderMade);
  }

  private write(key: string, value: unknown, folderMade: boolean): void {
    const file = this.pathOf(key);
    const temp = tempSibling(file);
    const write = (makeFolder: boolean) => {
      if (makeFolder) mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temp, JSON.stringify({ value }));
      renameSync(temp, file);
    };
    try {
      write(!folderMade);
    } catch (error) {
      // A concurrent `cache clear` may take the directory away between mkdir and rename: once more.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      write(true);
    }
  }

  /**
   * Stores new results, then keeps the bound. Returns the first error, if any:
   * a cache that cannot be written costs speed, never a verdict.
   */
  async add(entries: [key: string, value: unknown][]): Promise<Error | undefined> {
    // Each shard folder once, not once per entry (a cold run writes hundreds); a failure shows in the writes.
    // And once per run: a scan adds a batch at a time, mostly to the same 256 shards (a folder taken
    // away meanwhile by `cache clear` is made again by write()).
    for (const folder of new Set(entries.map(([key]) => dirname(this.pathOf(key))))) {
      if (this.shardsMade.has(folder)) continue;
      try {
        mkdirSync(folder, { recursive: true });
        this.shardsMade.add(folder);
      } catch {
        // Shows in the writes.
      }
    }
    let written = 0;
    let failed: Error | undefined;
    for (const [key, value] of entries) {
      try {
        this.write(key, value, true);
        written += 1;
      } catch (error) {
        failed ??= error as Error;
      }
    }
    if (written === 0) return failed;
    return keepBound(this.dir, this.maxEntries, written).then(
      () => failed,
      (error: Error) => failed ?? error,
    );
  }

  /** Entries, and the bytes on disk of the entries and the batch files. */
  async usage(): Promise<CacheUsage> {
    const { entries } = await listEntries(this.dir);
    const batches = join(this.dir, 'batches');
    const batchSizes = await Promise.all(
      ((await readdir(batches).catch(ignoreGone)) ?? []).map(
        async (name) => (await stat(join(batches, name)).catch(ignoreGone))?.size ?? 0,
      ),
    );
    const bytes = [...entries.map((entry) => entry.bytes), ...batchSizes].reduce((sum, size) => sum + size, 0);
    return { entries: entries.length, bytes };
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
