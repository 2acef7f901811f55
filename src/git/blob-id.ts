import { createHash } from 'node:crypto';

/**
 * The git blob id of some content, so files from disk share the cache with
 * staged ones. On its own so that only `scan <path>` loads node:crypto.
 */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
