const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/**
 * FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/), of a text's UTF-8 bytes, in hex:
 * names a worker's socket after its identity without node:crypto, whose load (about 3 ms) a cold
 * commit would pay before its request. A name, not a safeguard: the socket's folder is this user's
 * alone (private-dir.ts), and a worker answers with its Bandit's version, which is checked (client.ts).
 */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  return hash.toString(16).padStart(16, '0');
}
