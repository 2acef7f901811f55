import { createHash } from 'node:crypto';
import type { Location, Log, Notification, Result } from 'sarif';
import type { GradedFinding, Status, Verdict } from '../findings.js';
import { messages } from '../messages.js';
import { HOMEPAGE, VERSION } from '../version.js';
import { ruleId, rulesOf } from './sarif-rules.js';

/** The schema a SARIF viewer or validator resolves the log against. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The policy's verdict is the level: code scanning fails a check on `error`. */
const LEVEL: Record<Status, Result.level> = { blocking: 'error', warning: 'warning', ignored: 'note' };

/**
 * A repository path as a relative URI reference: each segment percent-encoded,
 * so a space or `#` in a file name still names the file (and a `:` in the first
 * segment is not read as a scheme).
 */
function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** At most this many locations for one result: the rest are counted in its properties (`lines`). */
const MAX_LOCATIONS = 10;

function location(finding: GradedFinding, line: number): Location {
  const column = finding.kind === 'code' ? finding.column : undefined;
  return {
    physicalLocation: {
      artifactLocation: { uri: pathToUri(finding.path), uriBaseId: '%SRCROOT%' },
      // Dependency findings carry the manifest line; SARIF lines start at 1, so an unknown line (0) gives no region.
      ...(line >= 1 ? { region: { startLine: line, ...(column ? { startColumn: column } : {}) } } : {}),
    },
  };
}

/** Every line a finding is written on (a pin repeated in one file is one result), the first ones as locations. */
function linesOf(finding: GradedFinding): number[] {
  return 'lines' in finding && finding.lines && finding.lines.length > 0 ? finding.lines : [finding.line];
}

/**
 * Identifies "the same" result across runs so code scanning tracks one alert
 * rather than opening a new one per push. The verdict has no line content, so
 * dependencies key on package and version (stable when the manifest is
 * reordered) and code on its line and column.
 */
function fingerprint(finding: GradedFinding): string {
  const where =
    finding.kind === 'dependency'
      ? `${finding.package}@${finding.version}`
      : finding.kind === 'unaudited'
        ? finding.requirement
        : finding.kind === 'code'
          ? `${finding.line}:${finding.column ?? ''}`
          : '';
  return createHash('sha256')
    .update([ruleId(finding), finding.path, where].join('\0'))
    .digest('hex');
}

/** The result's message: what was found, and for dependencies what clears it. */
function messageText(finding: GradedFinding): string {
  const note = finding.note ? ` (${finding.note})` : '';
  switch (finding.kind) {
    case 'code':
      return `${finding.message}${note}`;
    case 'unscanned':
      return `${finding.id === 'symlink' ? finding.message : messages.parseError(finding.message)}${note}`;
    case 'dependency': {
      const remedy =
        finding.fixed.length > 0 ? messages.remedyUpgrade(finding.package, finding.fixed) : messages.remedyNoFix(finding.package);
      return `${finding.package} ${finding.version}${finding.dev ? ' (dev)' : ''}: ${finding.message}; ${remedy}${note}`;
    }
    case 'unaudited':
      return `${finding.requirement}: ${finding.message}; ${messages.remedyUnaudited[finding.id](finding.package)}${note}`;
  }
}

/** The finding's own facts, for viewers and scripts that read past the message. */
function properties(finding: GradedFinding): Record<string, unknown> {
  return {
    status: finding.status,
    severity: finding.severity,
    ...(finding.kind === 'code' ? { confidence: finding.confidence } : {}),
    ...(finding.kind === 'dependency' || finding.kind === 'unaudited' ? { package: finding.package, dev: finding.dev } : {}),
    // A pin repeated on several lines: every line (the first 100) and how many, beyond the ten locations.
    ...(linesOf(finding).length > 1 ? { lines: linesOf(finding).slice(0, 100), lineCount: linesOf(finding).length } : {}),
    ...(finding.kind === 'dependency'
      ? {
          version: finding.version,
          aliases: finding.aliases,
          fixed: finding.fixed,
          ...(finding.upgrade !== undefined ? { upgrade: finding.upgrade } : {}),
        }
      : {}),
    ...(finding.note ? { note: finding.note } : {}),
    ...(finding.origin?.length ? { origin: finding.origin } : {}),
  };
}

function result(finding: GradedFinding, ruleIndex: number): Result {
  return {
    ruleId: ruleId(finding),
    ruleIndex,
    level: LEVEL[finding.status],
    message: { text: messageText(finding) },
    locations: linesOf(finding)
      .slice(0, MAX_LOCATIONS)
      .map((line) => location(finding, line)),
    partialFingerprints: { 'secgate/v1': fingerprint(finding) },
    // A run that judges a change knows what it brings: SARIF's own field, which code scanning reads as new or unchanged.
    ...(finding.introduced !== undefined ? { baselineState: finding.introduced ? 'new' : 'unchanged' } : {}),
    // An ignore is a reviewed decision kept outside the code: an external suppression with its reason.
    ...(finding.status === 'ignored'
      ? { suppressions: [{ kind: 'external', justification: finding.note ?? messages.ignoredByPolicy }] }
      : {}),
    properties: properties(finding),
  };
}

/**
 * SARIF 2.1.0 for code-scanning services: one run, a rule per id seen (sorted),
 * a result per finding in the verdict's order. A pure function of the verdict:
 * no time stamps or absolute paths, so the same verdict gives the same bytes.
 */
export function sarifReport(verdict: Verdict, errors: string[] = []): string {
  const rules = rulesOf(verdict.findings);
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const notifications: Notification[] = [
    ...verdict.notices.map((notice): Notification => ({ level: 'warning', message: { text: notice.message } })),
    ...errors.map((error): Notification => ({ level: 'error', message: { text: error } })),
  ];
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'secgate', version: VERSION, semanticVersion: VERSION, informationUri: HOMEPAGE, rules } },
        invocations: [
          { executionSuccessful: errors.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) },
        ],
        results: verdict.findings.map((finding) => result(finding, indexOf.get(ruleId(finding)) ?? -1)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
