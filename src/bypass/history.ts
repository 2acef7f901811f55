import { open } from '../process/fs-async.js';
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
export async function recentBypasses(commonDir: string, count: number, tailBytes = TAIL_BYTES): Promise<BypassEntry[]> {
  let text: string;
  try {
    const handle = await open(bypassLogPath(commonDir), 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, tailBytes);
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

/** How much of the log's end is read for bypassed blobs: years of bypasses, never an unbounded read. */
const BLOBS_TAIL_BYTES = 4 * 1024 * 1024;

/**
 * The blobs that commits were bypassed with (pre-commit and pre-merge-commit
 * records that list `blobs`), blob id → the reason given, the latest reason
 * winning. The log lives in the git directory, never in the tree, so a
 * repository's content cannot add to it.
 */
export async function bypassedBlobs(commonDir: string): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  for (const entry of await recentBypasses(commonDir, Number.MAX_SAFE_INTEGER, BLOBS_TAIL_BYTES)) {
    if (entry.hook === 'pre-push' || !Array.isArray(entry.blobs)) continue;
    for (const blob of entry.blobs) if (typeof blob === 'string' && /^[0-9a-f]{40,64}$/.test(blob)) blobs.set(blob, entry.reason);
  }
  return blobs;
}
