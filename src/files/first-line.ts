import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The first line of a file, read from at most its first `bytes` bytes (a
 * shebang is all that is wanted: never the whole of a large executable).
 * Throws as openSync does; latin1, so any bytes read back as themselves.
 */
export function firstLine(path: string, bytes: number): string {
  const head = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.subarray(0, read).toString('latin1').split('\n')[0] ?? '';
}
