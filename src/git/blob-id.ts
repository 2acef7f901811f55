import { createHash } from 'node:crypto';

/**
 * The git blob id of some content, so files from disk share the cache with
 * staged ones, and what a loose object's answer from cat-file is checked
 * against (blobs.ts). On its own so that only those paths load node:crypto.
 */
export function blobId(content: Buffer, format: 'sha1' | 'sha256' = 'sha1'): string {
  return createHash(format).update(`blob ${content.length}\0`).update(content).digest('hex');
}
