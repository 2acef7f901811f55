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
  /** Scans a batch; one result per distinct blob. */
  scan(files: ScanFile[], signal?: AbortSignal): Promise<Map<string, BlobResult>>;
}
