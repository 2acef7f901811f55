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
  /** The flagged lines with some around them, each as `<number> <text>` (`<number>\t<text>` when tabbed). */
  code?: string;
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

/** A source line as matching sees it: whitespace runs are one space, none at the ends. */
export function normalizeCodeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The source of the lines a result flags (its `line_range`, else its line),
 * whitespace-normalised, blank lines left out, read from Bandit's `code`
 * (which also holds context lines around them: an edit beside a finding does
 * not change it). Undefined when `code` has none of them.
 */
export function flaggedCode(result: Pick<BanditResult, 'code' | 'line_number' | 'line_range'>): string | undefined {
  if (typeof result.code !== 'string') return undefined;
  const range = Array.isArray(result.line_range) && result.line_range.length > 0 ? result.line_range : [result.line_number];
  const wanted = new Set(range);
  const lines: string[] = [];
  for (const segment of result.code.split('\n')) {
    const match = /^(\d+)[ \t]([^]*)$/.exec(segment);
    if (!match || !wanted.has(Number(match[1]))) continue;
    const text = normalizeCodeLine(match[2] ?? '');
    if (text !== '') lines.push(text);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/**
 * Groups a report's results and errors by the file they name. `resolveFile`
 * maps Bandit's file name (absolute, relative, or `./`-prefixed) back to the
 * key the caller used; names it does not know are returned in `unknown`.
 */
export function parseBanditReport(
  report: BanditReport,
  resolveFile: (filename: string) => string | undefined,
  /** Digests the flagged code (flaggedCode) into each finding's codeDigest, what tells an inherited finding from a new one. */
  digest?: (code: string) => string,
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
    const code = digest ? flaggedCode(result) : undefined;
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
      ...(code !== undefined && digest ? { codeDigest: digest(code) } : {}),
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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks `record[key]` is absent or `expected` ('string', 'integer', 'object'); returns what is wrong. */
function fieldProblem(
  record: Record<string, unknown>,
  key: string,
  expected: 'string' | 'integer' | 'object',
  where: string,
  required: boolean,
) {
  const value = record[key];
  if (value === undefined) return required ? `${where}.${key} is missing` : undefined;
  const ok = expected === 'integer' ? Number.isInteger(value) : expected === 'object' ? isObject(value) : typeof value === expected;
  return ok
    ? undefined
    : `${where}.${key} is ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}, not ${expected === 'integer' ? 'a whole number' : `a ${expected}`}`;
}

/**
 * What is wrong with the shape of a Bandit JSON report, or undefined when it
 * has the shape of Bandit 1.6 to 1.9 (see BanditReport). A report of another
 * shape (`null`, `results` as an object, a numeric severity) cannot be read
 * with confidence, so it must not be read at all: the caller turns this into
 * a tool error.
 */
export function reportShapeProblem(report: unknown): string | undefined {
  if (!isObject(report)) return `the report is ${JSON.stringify(report)?.slice(0, 40) ?? String(report)}, not an object`;
  for (const key of ['results', 'errors'] as const) {
    if (!Array.isArray(report[key])) return report[key] === undefined ? `"${key}" is missing` : `"${key}" is not a list`;
  }
  if (report.metrics !== undefined && !isObject(report.metrics)) return '"metrics" is not an object';
  for (const [i, result] of (report.results as unknown[]).entries()) {
    const where = `results[${i}]`;
    if (!isObject(result)) return `${where} is not an object`;
    const problem =
      fieldProblem(result, 'filename', 'string', where, true) ??
      fieldProblem(result, 'test_id', 'string', where, true) ??
      fieldProblem(result, 'issue_severity', 'string', where, true) ??
      fieldProblem(result, 'issue_confidence', 'string', where, true) ??
      fieldProblem(result, 'line_number', 'integer', where, true) ??
      fieldProblem(result, 'test_name', 'string', where, false) ??
      fieldProblem(result, 'issue_text', 'string', where, false) ??
      fieldProblem(result, 'more_info', 'string', where, false) ??
      fieldProblem(result, 'col_offset', 'integer', where, false) ??
      fieldProblem(result, 'issue_cwe', 'object', where, false);
    if (problem) return problem;
  }
  for (const [i, error] of (report.errors as unknown[]).entries()) {
    const where = `errors[${i}]`;
    if (!isObject(error)) return `${where} is not an object`;
    const problem = fieldProblem(error, 'filename', 'string', where, true) ?? fieldProblem(error, 'reason', 'string', where, false);
    if (problem) return problem;
  }
  return undefined;
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

/**
 * Bandit before 1.7.0 still has B322, which flags Python 3's input() as HIGH:
 * the check is about Python 2's input(), which evaluated what it read. Bandit
 * removed it in 1.7.0 (PyCQA/bandit#662) as wrong for Python 3, so secgate
 * drops its findings rather than block on a check Bandit itself retracted.
 */
export function isOldBandit(version: string): boolean {
  return !readsTomlConfig(version);
}

/** The check that old Bandit still runs and newer Bandit removed. */
export const RETRACTED_CHECK = 'B322';
