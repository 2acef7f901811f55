/**
 * The shared vocabulary: what scanners and the dependency audit produce,
 * what the policy grades, and what reporters print.
 */

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number] | 'UNKNOWN';
export type Confidence = 'LOW' | 'MEDIUM' | 'HIGH' | 'UNDEFINED';

/** A Bandit result, mapped back to the repository path. */
export interface CodeFinding {
  kind: 'code';
  /** Bandit test id, e.g. B602. */
  id: string;
  /** Bandit test name, e.g. subprocess_popen_with_shell_equals_true. */
  name: string;
  severity: Severity;
  confidence: Confidence;
  path: string;
  line: number;
  column?: number;
  message: string;
  /** Bandit's documentation link for the rule. */
  moreInfo?: string;
  cwe?: number;
  /**
   * A digest of the flagged source line(s), whitespace-normalised: the same
   * test on the same code in the parent makes the finding inherited.
   */
  codeDigest?: string;
}

/** A file the scanner could not parse or read: unscanned code is not clean code. */
export interface UnscannedFinding {
  kind: 'unscanned';
  /** `symlink`: a Python-named link out of the tree, dangling, or in a loop. */
  id: 'parse-error' | 'symlink';
  severity: 'UNKNOWN';
  path: string;
  line: number;
  message: string;
}

/** A pinned dependency that a known advisory affects. */
export interface DependencyFinding {
  kind: 'dependency';
  /** The advisory id; other ids of the same vulnerability are in aliases. */
  id: string;
  aliases: string[];
  package: string;
  version: string;
  severity: Severity;
  /** Versions that fix it, lowest first. */
  fixed: string[];
  /** The lowest version that fixes every advisory of this pin (the same on each of its findings), when one does. */
  upgrade?: string;
  path: string;
  /** The first line it is written on. */
  line: number;
  /** Every line of `path` it is written on, ascending, when there is more than one. */
  lines?: number[];
  dev: boolean;
  message: string;
  /** Advisory references (URLs), for reports that link them. */
  references?: string[];
}

/** A requirement secgate could not audit (unpinned, a URL, an editable install), or a whole manifest it could not read (`unreadable`). */
export interface UnauditedFinding {
  kind: 'unaudited';
  id: 'unpinned' | 'url' | 'editable' | 'invalid' | 'unreadable';
  severity: 'UNKNOWN';
  package: string;
  /** The requirement as written. */
  requirement: string;
  path: string;
  /** The first line it is written on. */
  line: number;
  /** Every line of `path` it is written on, ascending, when there is more than one. */
  lines?: number[];
  dev: boolean;
  message: string;
}

export type Finding = CodeFinding | UnscannedFinding | DependencyFinding | UnauditedFinding;

export type Status = 'blocking' | 'warning' | 'ignored';

/** A finding once the policy has judged it. */
export type GradedFinding = Finding & {
  status: Status;
  /** Why it has this status when that is not plain severity: an ignore's reason, an expired ignore, a setting. */
  note?: string;
  /** For pre-push: per pushed ref, the commit that introduced the file. */
  origin?: PushOrigin[];
  /**
   * For a run that judges a change (the hooks, `scan --since`): true when the
   * change brings the finding, false when its parent already had it
   * (inherited). Absent when the whole tree is judged (`scan --all`, paths).
   */
  introduced?: boolean;
};

/** Where a pushed file came from: the ref it is pushed on, and the first commit of that ref's new history that introduced it. */
export interface PushOrigin {
  ref: string;
  commit: string;
}

/** Something the user should know that is not a finding: an unused ignore, a stale database. */
export interface Notice {
  message: string;
}

export interface Verdict {
  findings: GradedFinding[];
  notices: Notice[];
  /** Files looked at (code and manifests). */
  files: number;
  /** Of those, answered from the cache. */
  cached: number;
  summary: { blocking: number; warnings: number; ignored: number };
}

/** Every id a finding answers to, for ignore matching. */
export function findingIds(finding: Finding): string[] {
  return finding.kind === 'dependency' ? [finding.id, ...finding.aliases] : [finding.id];
}
