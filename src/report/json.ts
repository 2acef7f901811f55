import type { GradedFinding, Verdict } from '../findings.js';

/** The version of the JSON report's shape; bumped only for incompatible changes. */
export const JSON_REPORT_VERSION = 1;

/**
 * At most this many line numbers per finding: a pin repeated on 64k lines is
 * one finding whose report stays small; `linesOmitted` counts the rest.
 */
export const MAX_REPORTED_LINES = 100;

/** `lines` (every line, ascending, capped) and, when capped, how many were left out. */
function linesField(finding: { line: number; lines?: number[] }): { lines: number[]; linesOmitted?: number } {
  const lines = finding.lines ?? [finding.line];
  return lines.length > MAX_REPORTED_LINES
    ? { lines: lines.slice(0, MAX_REPORTED_LINES), linesOmitted: lines.length - MAX_REPORTED_LINES }
    : { lines };
}

/** One finding with its fields in a fixed order, absent optional fields left out. */
function serializeFinding(finding: GradedFinding): Record<string, unknown> {
  const common = {
    status: finding.status,
    ...(finding.note ? { note: finding.note } : {}),
    ...(finding.origin ? { origin: finding.origin } : {}),
    ...(finding.introduced !== undefined ? { introduced: finding.introduced } : {}),
  };
  switch (finding.kind) {
    case 'code':
      return {
        kind: 'code',
        id: finding.id,
        name: finding.name,
        severity: finding.severity,
        confidence: finding.confidence,
        path: finding.path,
        line: finding.line,
        ...(finding.column ? { column: finding.column } : {}),
        message: finding.message,
        ...(finding.moreInfo ? { moreInfo: finding.moreInfo } : {}),
        ...(finding.cwe ? { cwe: finding.cwe } : {}),
        ...common,
      };
    case 'unscanned':
      return {
        kind: 'unscanned',
        id: finding.id,
        severity: finding.severity,
        path: finding.path,
        line: finding.line,
        message: finding.message,
        ...common,
      };
    case 'dependency':
      return {
        kind: 'dependency',
        id: finding.id,
        aliases: finding.aliases,
        package: finding.package,
        version: finding.version,
        severity: finding.severity,
        fixed: finding.fixed,
        ...(finding.upgrade !== undefined ? { upgrade: finding.upgrade } : {}),
        path: finding.path,
        line: finding.line,
        ...linesField(finding),
        dev: finding.dev,
        message: finding.message,
        ...(finding.references?.length ? { references: finding.references } : {}),
        ...common,
      };
    case 'unaudited':
      return {
        kind: 'unaudited',
        id: finding.id,
        severity: finding.severity,
        package: finding.package,
        requirement: finding.requirement,
        path: finding.path,
        line: finding.line,
        ...linesField(finding),
        dev: finding.dev,
        message: finding.message,
        ...common,
      };
  }
}

/** The stable report object of DESIGN.md ("Reports"), as JSON text. */
export function jsonReport(verdict: Verdict, errors: string[] = []): string {
  const report = {
    version: JSON_REPORT_VERSION,
    summary: { ...verdict.summary, files: verdict.files, cached: verdict.cached },
    findings: verdict.findings.map(serializeFinding),
    notices: verdict.notices.map((notice) => notice.message),
    errors,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
