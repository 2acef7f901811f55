import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bumped whenever the shape of a cached value changes, so old entries are misses. */
export const CACHE_FORMAT = 1;

/**
 * Content-addressed store under <git-common-dir>/secgate/cache, shared by
 * worktrees. A key names exactly what produced a value (the blob and the
 * scanner's identity), so entries never go stale; only the bound removes them.
 */
export class CacheStore {
  constructor(readonly dir: string) {}

  static at(commonDir: string): CacheStore {
    return new CacheStore(join(commonDir, 'secgate', 'cache'));
  }

  /** The cache key of one blob as seen by one scanner. */
  static key(blob: string, scannerIdentity: string): string {
    return createHash('sha256').update(`${CACHE_FORMAT}\0${scannerIdentity}\0${blob}`).digest('hex');
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  /** The stored value, or undefined on a miss; a damaged entry is a miss. */
  async get<T>(key: string): Promise<T | undefined> {
    try {
      return (JSON.parse(await readFile(this.pathOf(key), 'utf8')) as { value: T }).value;
    } catch {
      return undefined;
    }
  }

  /** Writes atomically: a reader sees the old entry, the new one, or none, never half of one. */
  async set(key: string, value: unknown): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify({ value }));
    await rename(temp, file);
  }
}
