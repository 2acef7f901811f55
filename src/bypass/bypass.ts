import { mkdir, open } from '../process/fs-async.js';
import { dirname, join } from 'node:path';
import type { Config } from '../config/types.js';
import { isReason } from '../config/reason.js';
import { messages } from '../messages.js';

export type BypassDecision = { kind: 'none' } | { kind: 'bypass'; reason: string } | { kind: 'refused'; message: string; remedy: string };

/** Values that ask for no bypass at all: the gate runs (turning it into a bypass would fail open). */
const NO_BYPASS = new Set(['0', 'false', 'no', 'n', 'off']);

/**
 * What SECGATE_BYPASS asks for, under the config's bypass section. Pure: the
 * hook acts on the answer (skips the scan and records it, or blocks).
 */
export function decideBypass(value: string | undefined, config: Config['bypass']): BypassDecision {
  if (value === undefined) return { kind: 'none' };
  const reason = value.trim();
  const lower = reason.toLowerCase();
  if (NO_BYPASS.has(lower)) return { kind: 'none' };
  if (!config.allowed) return { kind: 'refused', message: messages.bypassDisabled, remedy: messages.bypassDisabledRemedy };
  // The same rule as an ignore's reason: "x", "-", "..." or zero-width characters say nothing.
  if (config.requireReason && !isReason(reason)) {
    return { kind: 'refused', message: messages.bypassNoReason(value), remedy: messages.bypassNoReasonRemedy };
  }
  return { kind: 'bypass', reason: reason === '' ? messages.bypassReasonMissing : reason };
}

/** One line of `git push`'s stdin: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** One line of `<git-common-dir>/secgate/bypass.log`. */
export interface BypassEntry {
  /** ISO 8601, UTC. */
  time: string;
  /** From `git config user.name` / `user.email`; null when git knows none. */
  user: { name: string | null; email: string | null };
  hook: string;
  /** pre-commit: the staged paths. */
  paths?: string[];
  /**
   * pre-commit: the staged blob ids (issue 14). The pre-push hook reports
   * findings in exactly these blobs as bypassed instead of blocking them again.
   */
  blobs?: string[];
  /** pre-push: the remote's name and the refs pushed. */
  remote?: string;
  refs?: PushedRef[];
  reason: string;
}

export function bypassLogPath(commonDir: string): string {
  return join(commonDir, 'secgate', 'bypass.log');
}

/**
 * Appends one JSON line to the bypass log and returns its path. One write(2)
 * on an O_APPEND descriptor: concurrent hooks (worktrees share the log) each
 * land a whole line at the end, never interleaved.
 */
export async function recordBypass(commonDir: string, entry: BypassEntry): Promise<string> {
  const file = bypassLogPath(commonDir);
  await mkdir(dirname(file), { recursive: true });
  const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
  const handle = await open(file, 'a', 0o644);
  try {
    const { bytesWritten } = await handle.write(line);
    if (bytesWritten !== line.length) throw new Error(`wrote ${bytesWritten} of ${line.length} bytes`);
  } finally {
    await handle.close();
  }
  return file;
}
