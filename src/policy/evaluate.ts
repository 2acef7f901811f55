import type { Config, Outcome } from '../config/types.js';
import type { Finding, GradedFinding, Notice, Status, Verdict } from '../findings.js';
import type { GlobCompiler } from '../files/glob.js';
import { messages } from '../messages.js';
import { ignoreMatcher, isExpired } from './ignore.js';
import { confidenceAtLeast, reaches } from './severity.js';

export interface EvaluateOptions {
  now: Date;
  files: number;
  cached: number;
  notices?: Notice[];
  /** Only a whole-repository scan knows that an ignore matched nothing; a commit sees a few files. */
  reportUnusedIgnores?: boolean;
  /** Compiles ignore `paths`; required when an ignore has them (see ignoresNeedGlob). */
  glob?: GlobCompiler;
  /** A change's run (a hook, scan --since): new or inherited, applied to each graded finding (policy/inherited.ts). */
  regrade?: (graded: GradedFinding, raw: Finding) => GradedFinding;
}

const OUTCOME_STATUS: Record<Outcome, Status> = { fail: 'blocking', warn: 'warning', ignore: 'ignored' };

/** The status a finding has before ignores: severity against the policy. */
function baseStatus(finding: Finding, config: Config): { status: Status; note?: string } {
  const severityStatus: Status = reaches(finding.severity, config.failOn, config.deps.unknownSeverity) ? 'blocking' : 'warning';
  switch (finding.kind) {
    case 'code':
      if (!confidenceAtLeast(finding.confidence, config.code.minConfidence)) {
        return { status: 'ignored', note: messages.belowConfidence(config.code.minConfidence) };
      }
      // Bandit's UNDEFINED severity is not LOW: it blocks like an unknown advisory.
      return { status: finding.severity === 'UNKNOWN' ? 'blocking' : severityStatus };
    case 'unscanned':
      return config.code.onParseError === 'fail' ? { status: 'blocking' } : { status: 'warning', note: messages.parseErrorWarn };
    case 'unaudited':
      if (finding.id === 'unreadable') {
        return config.deps.onParseError === 'fail' ? { status: 'blocking' } : { status: 'warning', note: messages.manifestParseErrorWarn };
      }
      return { status: OUTCOME_STATUS[config.deps.unpinned] };
    case 'dependency': {
      // An advisory without a severity blocks by a setting, not by what it says: the report names the setting.
      const unknown = finding.severity === 'UNKNOWN' && severityStatus === 'blocking';
      if (!finding.dev || config.deps.devOnly === 'fail') {
        return unknown
          ? { status: severityStatus, note: messages.unknownSeverityNote(config.deps.unknownSeverity) }
          : { status: severityStatus };
      }
      // A dev-only vulnerability is demoted to the devOnly outcome, never promoted.
      const devStatus = OUTCOME_STATUS[config.deps.devOnly];
      const status = severityStatus === 'blocking' || devStatus === 'ignored' ? devStatus : severityStatus;
      return { status, note: messages.devOnlyNote(config.deps.devOnly) };
    }
  }
}

const STATUS_ORDER: Record<Status, number> = { blocking: 0, warning: 1, ignored: 2 };

/** Deterministic order for every reporter: path, line, id. */
export function compareFindings(a: GradedFinding, b: GradedFinding): number {
  return a.path < b.path
    ? -1
    : a.path > b.path
      ? 1
      : a.line - b.line || (a.id < b.id ? -1 : a.id > b.id ? 1 : STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}

/**
 * Each finding's status under the policy alone (severity, settings, ignores),
 * in order, with the index of the ignore that matched it: nothing copied or
 * sorted, so a hook may ask which findings block before it grades them.
 */
export function policyStatuses(
  findings: readonly Finding[],
  config: Config,
  options: Pick<EvaluateOptions, 'now' | 'glob'>,
): { status: Status; note?: string; rule?: number }[] {
  const matcher = ignoreMatcher(config.ignore, options.glob);
  // A code finding's status depends only on its severity and confidence: a warm commit grades thousands with a few answers.
  const codeStatus = new Map<string, { status: Status; note?: string }>();
  const statusOf = (finding: Finding) => {
    if (finding.kind !== 'code') return baseStatus(finding, config);
    const key = `${finding.severity} ${finding.confidence}`;
    let known = codeStatus.get(key);
    if (!known) codeStatus.set(key, (known = baseStatus(finding, config)));
    return known;
  };
  return findings.map((finding) => {
    const base = statusOf(finding);
    const rule = matcher.match(finding);
    if (!rule) return base;
    const index = config.ignore.indexOf(rule);
    if (isExpired(rule, options.now)) {
      return { status: base.status, note: messages.expiredIgnore(rule.expires ?? '', rule.reason), rule: index };
    }
    return { status: 'ignored', note: rule.reason, rule: index };
  });
}

/**
 * Grades findings under the policy: the pure heart of secgate. The same raw
 * findings (from the cache or a fresh scan) under another config give another
 * verdict without a rescan.
 */
export function evaluate(
  findings: (Finding & Partial<Pick<GradedFinding, 'origin'>>)[],
  config: Config,
  options: EvaluateOptions,
): Verdict {
  const used = new Set<number>();
  const statuses = policyStatuses(findings, config, options);
  const graded: GradedFinding[] = findings.map((finding, i) => {
    const { status, note, rule } = statuses[i] as { status: Status; note?: string; rule?: number };
    if (rule !== undefined) used.add(rule);
    // One spread, then a property: a warm commit grades thousands of findings, and two spreads cost several times one.
    const plain: GradedFinding = { ...finding, status };
    if (note !== undefined) plain.note = note;
    return plain;
  });
  const { regrade } = options;
  if (regrade) graded.forEach((finding, i) => (graded[i] = regrade(finding, findings[i] as Finding)));
  graded.sort(compareFindings);

  const notices = [...(options.notices ?? [])];
  if (options.reportUnusedIgnores) {
    config.ignore.forEach((rule, index) => {
      if (!used.has(index)) notices.push({ message: messages.unusedIgnore(rule.id) });
    });
  }
  const count = (status: Status) => graded.filter((finding) => finding.status === status).length;
  return {
    findings: graded,
    notices,
    files: options.files,
    cached: options.cached,
    summary: { blocking: count('blocking'), warnings: count('warning'), ignored: count('ignored') },
  };
}

/** The exit code a verdict earns: 1 when anything blocks, else 0. */
export function verdictExitCode(verdict: Verdict): 0 | 1 {
  return verdict.summary.blocking > 0 ? 1 : 0;
}
