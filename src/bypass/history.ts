import { open } from 'node:fs/promises';
import { bypassLogPath, type BypassEntry } from './bypass.js';

/** Enough of the log's end for the last few entries, however long the log has grown. */
const TAIL_BYTES = 256 * 1024;

function isEntry(value: unknown): value is BypassEntry {
  const entry = value as Partial<BypassEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.time === 'string' &&
    typeof entry.hook === 'string' &&
    typeof entry.reason === 'string'
  );
}

/** The last `count` entries of the bypass log, oldest first; damaged lines are skipped. */
export async function recentBypasses(commonDir: string, count: number): Promise<BypassEntry[]> {
  let text: string;
  try {
    const handle = await open(bypassLogPath(commonDir), 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  const entries: BypassEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (isEntry(parsed)) entries.push(parsed);
    } catch {
      // a partial first line of the tail, or a damaged line
    }
  }
  return entries.slice(-count);
}
