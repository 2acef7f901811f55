/**
 * New and inherited findings (issue 14), pure: which findings of a change its
 * parent already had, and how the policy treats those. The git side (which
 * parent, which of its files) is in git/parents.ts; the scanning and auditing
 * of the parent in change.ts.
 */
import type { Config } from '../config/types.js';
import { normalizeName } from '../deps/requirement.js';
import type { Finding, GradedFinding } from '../findings.js';
import { messages } from '../messages.js';

/**
 * What makes a finding the same as one of the parent's, or undefined when
 * nothing can show that (it is then new):
 * - code: the test id and the flagged source (codeDigest), not the line
 *   number, so an edit elsewhere in the file leaves it inherited;
 * - a dependency: the same advisory on the same pin in the same file;
 * - an unaudited requirement: the same problem with the same requirement in the same file.
 * What could not be looked at (a file Bandit could not parse, an unreadable
 * manifest, a broken symlink) is new whenever the content changed: the parent
 * being unreadable too says nothing of what the change wrote into it. Only an
 * unchanged blob (a rename) inherits it (change.ts).
 */
export function inheritanceKey(finding: Finding): string | undefined {
  switch (finding.kind) {
    case 'code':
      return finding.codeDigest === undefined ? undefined : `code\0${finding.id}\0${finding.codeDigest}`;
    case 'unscanned':
      return undefined;
    case 'dependency':
      return `dependency\0${finding.path}\0${finding.id}\0${normalizeName(finding.package)}\0${finding.version}`;
    case 'unaudited':
      if (finding.id === 'unreadable') return undefined;
      return `unaudited\0${finding.path}\0${finding.id}\0${normalizeName(finding.package)}\0${finding.requirement}`;
  }
}

/**
 * For each of `current`, whether `parent` (the parent's findings for the same
 * file) already had it, counted per occurrence: a parent with one `eval(x)`
 * answers for one of two `eval(x)` in the new version, and the other is new.
 */
export function inheritedFrom(current: readonly Finding[], parent: readonly Finding[]): boolean[] {
  const counts = new Map<string, number>();
  for (const finding of parent) {
    const key = inheritanceKey(finding);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return current.map((finding) => {
    const key = inheritanceKey(finding);
    const left = key === undefined ? 0 : (counts.get(key) ?? 0);
    if (key === undefined || left === 0) return false;
    counts.set(key, left - 1);
    return true;
  });
}

/** What a change's run knows of a finding beyond the finding itself (change.ts). */
export interface ChangeFacts {
  /** True: the change brings it; false: its parent already had it. */
  introduced: boolean;
  /** The parent that had it, as a note names it (`HEAD`, a short commit id). */
  parent?: string;
  /** pre-push: the finding is in a blob a commit was bypassed with, with a reason (bypass log). */
  bypassed?: { commit: string; reason: string };
}

/**
 * The policy for a change's finding, after evaluate graded it: an inherited
 * one that would block warns instead, with a note naming the parent, unless
 * `inherited` is `fail`; one in a blob that a commit was bypassed with warns,
 * naming the commit and the reason (the bypass is not asked for twice). New
 * findings keep their grade; ignored ones stay ignored.
 */
export function gradeChange(finding: GradedFinding, facts: ChangeFacts, config: Pick<Config, 'inherited'>): GradedFinding {
  const graded: GradedFinding = { ...finding, introduced: facts.introduced };
  if (graded.status !== 'blocking') return graded;
  if (!facts.introduced && config.inherited === 'warn') {
    graded.status = 'warning';
    graded.note = messages.inheritedNote(facts.parent ?? 'the parent');
  } else if (facts.bypassed) {
    graded.status = 'warning';
    graded.note = messages.bypassedNote(facts.bypassed.commit, facts.bypassed.reason);
  }
  return graded;
}
