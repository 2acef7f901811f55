import type { Verdict } from '../findings.js';
import { jsonReport } from './json.js';
import { sarifReport } from './sarif.js';
import { textReport } from './text.js';

export interface ReportOptions {
  /** Colour for the text report; callers decide with wantsEscapes() (a terminal, no NO_COLOR, not CI). */
  color: boolean;
  /** Tool-level errors to carry in machine reports. */
  errors?: string[];
}

/** Reporters are pure functions of a verdict; adding a format is one entry here. */
export const REPORTERS = {
  text: (verdict: Verdict, options: ReportOptions) => textReport(verdict, { color: options.color }),
  json: (verdict: Verdict, options: ReportOptions) => jsonReport(verdict, options.errors),
  sarif: (verdict: Verdict, options: ReportOptions) => sarifReport(verdict, options.errors),
} as const satisfies Record<string, (verdict: Verdict, options: ReportOptions) => string>;

export type ReportFormat = keyof typeof REPORTERS;

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORTERS, name);
}
