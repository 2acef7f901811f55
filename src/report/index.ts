import type { Verdict } from '../findings.js';
import { jsonReport } from './json.js';
import { textReport } from './text.js';

export interface ReportOptions {
  /** Colour for the text report: only on a terminal and without NO_COLOR. */
  color: boolean;
  /** Tool-level errors to carry in machine reports. */
  errors?: string[];
}

/** Reporters are pure functions of a verdict; adding a format is one entry here. */
export const REPORTERS = {
  text: (verdict: Verdict, options: ReportOptions) => textReport(verdict, { color: options.color }),
  json: (verdict: Verdict, options: ReportOptions) => jsonReport(verdict, options.errors),
} as const satisfies Record<string, (verdict: Verdict, options: ReportOptions) => string>;

export type ReportFormat = keyof typeof REPORTERS;

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORTERS, name);
}
