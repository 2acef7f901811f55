import type { Severity } from '../findings.js';
import type { Threshold } from '../config/types.js';

const RANK: Record<Exclude<Severity, 'UNKNOWN'>, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** The rank of a known severity or a config threshold (`low` … `critical`). */
export function rank(severity: Exclude<Severity, 'UNKNOWN'> | Threshold): number {
  return RANK[severity.toUpperCase() as Exclude<Severity, 'UNKNOWN'>];
}

/** Whether a severity reaches the blocking threshold. `unknownAs` says what UNKNOWN counts as. */
export function reaches(severity: Severity, failOn: Threshold, unknownAs: Threshold): boolean {
  return rank(severity === 'UNKNOWN' ? unknownAs : severity) >= rank(failOn);
}

const CONFIDENCE_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

/**
 * Bandit confidence compared with `code.minConfidence`. An unknown confidence
 * (`UNDEFINED`, or a value a newer Bandit invents) always passes the filter:
 * a gate does not drop what it cannot grade.
 */
export function confidenceAtLeast(confidence: string, minimum: 'low' | 'medium' | 'high'): boolean {
  const known = CONFIDENCE_RANK[confidence.toUpperCase()];
  return known === undefined || known >= (CONFIDENCE_RANK[minimum.toUpperCase()] ?? 0);
}
