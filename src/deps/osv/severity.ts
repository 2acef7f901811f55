import type { Severity } from '../../findings.js';
import type { OsvRecord, OsvSeverity } from './types.js';

/** CVSS v3/v4 qualitative ratings; v2 scores are mapped on the same scale. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
}

const GHSA_SEVERITY: Record<string, Severity> = { LOW: 'LOW', MODERATE: 'MEDIUM', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' };
const RANK: Record<Severity, number> = { UNKNOWN: -1, LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** The severity types whose score is a CVSS vector secgate computes. */
export function isCvssEntry(entry: OsvSeverity): boolean {
  return /^CVSS_V[234]$/.test(entry.type) && typeof entry.score === 'string';
}

function severityEntries(record: OsvRecord): OsvSeverity[] {
  const entries = [...(record.severity ?? [])];
  for (const affected of record.affected ?? []) entries.push(...((affected as { severity?: OsvSeverity[] }).severity ?? []));
  return entries;
}

/**
 * One vulnerability's severity from all its records (a record and its
 * aliases): the highest valid CVSS base score; without one, the highest
 * GHSA `database_specific.severity`; without that, UNKNOWN.
 */
export async function vulnerabilitySeverity(records: OsvRecord[]): Promise<{ severity: Severity; score?: number }> {
  const vectors = records.flatMap(severityEntries).filter(isCvssEntry);
  // The index stores each vector's score (`base`); only a record read without the index needs the calculator.
  const calculate = vectors.some((entry) => !('base' in entry)) ? (await import('./cvss.js')).cvssBaseScore : undefined;
  let best: number | undefined;
  for (const entry of vectors) {
    const score = 'base' in entry ? (entry.base ?? undefined) : calculate?.(entry.score);
    if (score !== undefined && (best === undefined || score > best)) best = score;
  }
  if (best !== undefined) return { severity: severityOfScore(best), score: best };

  let rated: Severity = 'UNKNOWN';
  for (const record of records) {
    const word = record.database_specific?.severity;
    const severity = typeof word === 'string' ? GHSA_SEVERITY[word.toUpperCase()] : undefined;
    if (severity && RANK[severity] > RANK[rated]) rated = severity;
  }
  return { severity: rated };
}
