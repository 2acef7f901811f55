/**
 * A machine report for a run that ended in an error (exit 2 or 3): CI that
 * asked for `--format json` or `sarif` always gets a document to parse, with
 * the error in it (JSON `errors`, SARIF `toolExecutionNotifications` and
 * `executionSuccessful: false`). A command that knows the requested format
 * marks the error it throws with where the report goes; the CLI's error path,
 * the only place that prints, writes it.
 */
import type { Verdict } from '../findings.js';
import type { ReportFormat } from './index.js';

export interface ReportTarget {
  format: ReportFormat;
  /** `--output`, resolved against `cwd`; stdout when absent. */
  output?: string;
  cwd: string;
}

// Symbol.for: the hooks' CommonJS bundle and the lazy ES modules each hold a copy of this module.
const TARGET = Symbol.for('secgate.reportTarget');

/** Marks an error with where its machine report goes, and returns it (to rethrow). */
export function withReportTarget(error: unknown, target: ReportTarget): unknown {
  if (typeof error === 'object' && error !== null && !Object.hasOwn(error, TARGET)) {
    Object.defineProperty(error, TARGET, { value: target, enumerable: false });
  }
  return error;
}

/** Where an error's machine report goes, when a command asked for one (text reports need none). */
export function reportTargetOf(error: unknown): ReportTarget | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const target = (error as Record<symbol, ReportTarget | undefined>)[TARGET];
  return target && target.format !== 'text' ? target : undefined;
}

/** The verdict of a run that judged nothing: no findings, no files. */
export function errorVerdict(): Verdict {
  return { findings: [], notices: [], files: 0, cached: 0, summary: { blocking: 0, warnings: 0, ignored: 0 } };
}
