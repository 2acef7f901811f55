/**
 * One file for the results of a whole run: a warm commit of hundreds of files
 * then reads one file instead of hundreds (at 500 files, about 20 ms of system
 * calls on our CI machine). The per-blob entries stay the source of truth;
 * a batch only repeats them, so a damaged, stale or colliding batch is a miss.
 */

/** Runs with fewer distinct blobs than this read their entries one by one. */
export const BATCH_MIN = 16;
/** Batch files kept; past it, the oldest written go. */
export const BATCHES_KEPT = 8;
/** Bumped when a batch file's shape changes. */
const BATCH_FORMAT = 1;

export interface BatchFile {
  format: number;
  keys: string[];
  values: unknown[];
}

/** Characters of each key that go into a batch name: 64 bits of its blob id. */
const NAMED_PREFIX = 16;

/**
 * A 64-bit string hash (two 32-bit multiply-xorshift lanes, as in cyrb53),
 * enough to name a batch: the file lists its keys, so a collision is a miss,
 * never a wrong answer. Not node:crypto, whose load costs a warm hook more.
 * It reads the first key whole (the scanner's identity, the same in all) and
 * of the others their blob id's start: it runs once per hook, uncompiled, so
 * every character counts.
 */
export function batchName(keys: readonly string[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const [index, key] of keys.entries()) {
    const end = index === 0 ? key.length : Math.min(key.length, NAMED_PREFIX);
    for (let i = 0; i < end; i++) {
      const code = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    // A separator, so ['ab', 'c'] and ['a', 'bc'] differ.
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(16).padStart(8, '0')}${(h1 >>> 0).toString(16).padStart(8, '0')}-${keys.length}`;
}

/** The distinct keys in a fixed order: the same set of blobs names the same batch whatever the order of paths. */
export function batchKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

export function batchFile(keys: string[], values: unknown[]): BatchFile {
  return { format: BATCH_FORMAT, keys, values };
}

/** The values of a batch file for exactly these keys, or undefined when it is not that batch or is damaged. */
export function batchValues<T>(parsed: unknown, keys: readonly string[], isValid: (value: unknown) => value is T): T[] | undefined {
  const file = parsed as Partial<BatchFile> | null;
  if (!file || file.format !== BATCH_FORMAT || !Array.isArray(file.keys) || !Array.isArray(file.values)) return undefined;
  if (file.keys.length !== keys.length || file.values.length !== keys.length) return undefined;
  for (let i = 0; i < keys.length; i++) if (file.keys[i] !== keys[i] || !isValid(file.values[i])) return undefined;
  return file.values as T[];
}
