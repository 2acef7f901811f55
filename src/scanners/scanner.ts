import type { CodeFinding, UnscannedFinding } from '../findings.js';

/** A file to scan: where it is in the repository, and how to get its content. */
export interface ScanFile {
  /** Repository path with '/'. */
  path: string;
  /** Content id (the blob id): the cache key. */
  blob: string;
  /** Reads the content when the scanner is ready for it, so the batch is never all in memory. */
  read: () => Promise<Buffer>;
}

/** What a scanner found in one blob, independent of the path it sits at (so it can be cached by content). */
export interface BlobResult {
  findings: Omit<CodeFinding, 'path'>[];
  unscanned: Omit<UnscannedFinding, 'path'>[];
}

export interface Scanner {
  readonly name: string;
  /** Everything that can change the scanner's answer for the same content: tool version and its config. */
  readonly identity: string;
  /**
   * Scans a batch; one result per distinct blob. `onResults`, if given, gets
   * parts of the results as soon as each is final (the caller caches them
   * while the rest is scanned); the returned map still holds them all.
   */
  scan(files: ScanFile[], signal?: AbortSignal, onResults?: (results: Map<string, BlobResult>) => void): Promise<Map<string, BlobResult>>;
}

const isEntryOf =
  (kind: string) =>
  (item: unknown): boolean => {
    if (!item || typeof item !== 'object') return false;
    const { kind: itemKind, id, severity, line, message } = item as Record<string, unknown>;
    return (
      itemKind === kind && typeof id === 'string' && typeof severity === 'string' && typeof line === 'number' && typeof message === 'string'
    );
  };

/** Whether a value read back (from the cache) is a BlobResult: anything else is a miss, never a crash or a pass. */
export function isBlobResult(value: unknown): value is BlobResult {
  if (!value || typeof value !== 'object') return false;
  const { findings, unscanned } = value as Record<string, unknown>;
  return (
    Array.isArray(findings) && Array.isArray(unscanned) && findings.every(isEntryOf('code')) && unscanned.every(isEntryOf('unscanned'))
  );
}
