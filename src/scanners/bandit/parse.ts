import type { Confidence, Severity } from '../../findings.js';
import type { BlobResult } from '../scanner.js';

/**
 * Bandit's JSON report, both shapes:
 * - 1.6.x (Debian): `filename` as given, no `issue_cwe`, no column.
 * - 1.7–1.9: `./` prefixes on relative names, `issue_cwe: { id, link }`,
 *   `col_offset` (0-based), `end_col_offset`.
 * https://bandit.readthedocs.io/en/latest/formatters/json.html
 */
export interface BanditReport {
  errors?: { filename?: string; reason?: string }[];
  results?: BanditResult[];
  /** Per-file metrics keyed by file name, plus `_totals`: Bandit's record of what it looked at. */
  metrics?: Record<string, unknown>;
}

export interface BanditResult {
  filename?: string;
  test_id?: string;
  test_name?: string;
  issue_severity?: string;
  issue_confidence?: string;
  issue_text?: string;
  line_number?: number;
  /** The lines of the node the result is about (a call over several lines). */
  line_range?: number[];
  col_offset?: number;
  more_info?: string;
  issue_cwe?: { id?: number; link?: string };
}

const SEVERITIES = new Set(['LOW', 'MEDIUM', 'HIGH']);
const CONFIDENCES = new Set(['LOW', 'MEDIUM', 'HIGH']);

/** Bandit may report `UNDEFINED`; an unknown severity is never quietly LOW. */
function severityOf(value: string | undefined): Severity {
  const upper = (value ?? '').toUpperCase();
  return SEVERITIES.has(upper) ? (upper as Severity) : 'UNKNOWN';
}

function confidenceOf(value: string | undefined): Confidence {
  const upper = (value ?? '').toUpperCase();
  return CONFIDENCES.has(upper) ? (upper as Confidence) : 'UNDEFINED';
}

/**
 * Groups a report's results and errors by the file they name. `resolveFile`
 * maps Bandit's file name (absolute, relative, or `./`-prefixed) back to the
 * key the caller used; names it does not know are returned in `unknown`.
 */
export function parseBanditReport(
  report: BanditReport,
  resolveFile: (filename: string) => string | undefined,
): { byFile: Map<string, BlobResult>; unknown: string[]; seen: Set<string> } {
  const byFile = new Map<string, BlobResult>();
  const unknown: string[] = [];
  // A file Bandit looked at is in its metrics (clean or not); one it left out is nowhere.
  const seen = new Set<string>();
  for (const filename of Object.keys(report.metrics ?? {})) {
    const key = filename === '_totals' ? undefined : resolveFile(filename);
    if (key !== undefined) seen.add(key);
  }
  const slot = (filename: string | undefined): BlobResult | undefined => {
    const key = filename === undefined ? undefined : resolveFile(filename);
    if (key === undefined) {
      unknown.push(filename ?? '(no file name)');
      return undefined;
    }
    seen.add(key);
    let result = byFile.get(key);
    if (!result) byFile.set(key, (result = { findings: [], unscanned: [] }));
    return result;
  };

  for (const result of report.results ?? []) {
    const target = slot(result.filename);
    if (!target) continue;
    target.findings.push({
      kind: 'code',
      id: result.test_id ?? 'B000',
      name: result.test_name ?? '',
      severity: severityOf(result.issue_severity),
      confidence: confidenceOf(result.issue_confidence),
      line: result.line_number ?? 1,
      ...(typeof result.col_offset === 'number' ? { column: result.col_offset + 1 } : {}),
      message: result.issue_text ?? '',
      ...(result.more_info ? { moreInfo: result.more_info } : {}),
      ...(typeof result.issue_cwe?.id === 'number' && result.issue_cwe.id > 0 ? { cwe: result.issue_cwe.id } : {}),
    });
  }
  for (const error of report.errors ?? []) {
    const target = slot(error.filename);
    if (!target) continue;
    target.unscanned.push({
      kind: 'unscanned',
      id: 'parse-error',
      severity: 'UNKNOWN',
      line: 1,
      message: error.reason ?? 'Bandit could not scan this file',
    });
  }
  return { byFile, unknown, seen };
}

const RANKED = new Set(['LOW', 'MEDIUM', 'HIGH']);

/**
 * Why a report does not look like one Bandit wrote with the exit status it
 * gave, or undefined when it does. Every Bandit (1.6 to 1.9) writes
 * `results`, `errors`, `metrics._totals` and `generated_at`, and exits 1
 * exactly when a result of LOW or higher severity and confidence is in the
 * report (secgate passes no filter). A wrapper that writes an empty report,
 * or drops results and still exits 1, fails this: its results are neither
 * judged nor cached.
 */
export function banditReportProblem(report: unknown, status: number | null): string | undefined {
  if (!report || typeof report !== 'object' || Array.isArray(report)) return 'the report is not a JSON object';
  const { results, errors, metrics, generated_at: generatedAt } = report as Record<string, unknown>;
  if (!Array.isArray(results)) return 'the report has no results list';
  if (!Array.isArray(errors)) return 'the report has no errors list';
  if (!metrics || typeof metrics !== 'object' || !('_totals' in metrics)) return 'the report has no metrics';
  if (typeof generatedAt !== 'string') return 'the report has no generation time';
  const counted = results.some((result: unknown) => {
    const { issue_severity: severity, issue_confidence: confidence } = (result ?? {}) as Record<string, unknown>;
    return RANKED.has(String(severity).toUpperCase()) && RANKED.has(String(confidence).toUpperCase());
  });
  if (status === 1 && results.length === 0) return 'it exited 1 with no result in its report';
  if (status === 0 && counted) return 'it exited 0 with results in its report';
  return undefined;
}

/** `bandit 1.6.2\n  python version = …` → `1.6.2`. */
export function parseBanditVersion(output: string): string | undefined {
  return /(?:bandit|__main__\.py)\s+v?(\d+(?:\.\d+)+\S*)/i.exec(output)?.[1];
}

/** Whether a Bandit version reads TOML config with `-c` (1.7.0 and later). */
export function readsTomlConfig(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 1 || (major === 1 && minor >= 7);
}
