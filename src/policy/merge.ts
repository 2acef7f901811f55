import type { Verdict } from '../findings.js';
import { compareFindings } from './evaluate.js';

/**
 * One verdict from several, each judged under its own config (the refs of a
 * push whose tips carry different configs). Pure: findings merged in report
 * order, notices once each, counts added.
 */
export function mergeVerdicts(verdicts: readonly Verdict[]): Verdict {
  const notices = new Map(verdicts.flatMap((verdict) => verdict.notices.map((notice) => [notice.message, notice] as const)));
  return {
    findings: verdicts.flatMap((verdict) => verdict.findings).sort(compareFindings),
    notices: [...notices.values()],
    files: verdicts.reduce((sum, verdict) => sum + verdict.files, 0),
    cached: verdicts.reduce((sum, verdict) => sum + verdict.cached, 0),
    summary: {
      blocking: verdicts.reduce((sum, verdict) => sum + verdict.summary.blocking, 0),
      warnings: verdicts.reduce((sum, verdict) => sum + verdict.summary.warnings, 0),
      ignored: verdicts.reduce((sum, verdict) => sum + verdict.summary.ignored, 0),
    },
  };
}
