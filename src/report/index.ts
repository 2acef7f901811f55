import type { Verdict } from '../findings.js';
import { palette } from './colors.js';
import { textReport } from './text.js';

export interface ReportOptions {
  /** Colour for the text report; callers decide with wantsEscapes() (a terminal, no NO_COLOR, not CI). */
  color: boolean;
  /** Text: list every finding (no counting by group). */
  verbose?: boolean;
  /** Text: the config file in use, repository-relative, for the suggested ignore. */
  configFile?: string | undefined;
  /** Tool-level errors to carry in machine reports. */
  errors?: string[];
}

/**
 * Reporters are pure functions of a verdict; adding a format is one entry
 * here. The machine formats are loaded when asked for: SARIF brings
 * node:crypto, which the hooks' text report has no use for.
 */
export const REPORTERS = {
  text: async (verdict: Verdict, options: ReportOptions) =>
    textReport(verdict, {
      palette: await palette(options.color),
      ...(options.verbose ? { verbose: true } : {}),
      ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    }),
  json: async (verdict: Verdict, options: ReportOptions) => (await import('./json.js')).jsonReport(verdict, options.errors),
  sarif: async (verdict: Verdict, options: ReportOptions) => (await import('./sarif.js')).sarifReport(verdict, options.errors),
} as const satisfies Record<string, (verdict: Verdict, options: ReportOptions) => Promise<string>>;

export type ReportFormat = keyof typeof REPORTERS;

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORTERS, name);
}
