import { fromVector } from 'ae-cvss-calculator';
import type { Severity } from '../../findings.js';
import type { OsvRecord, OsvSeverity } from './types.js';

/** CVSS v3/v4 qualitative ratings; v2 scores are mapped on the same scale. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
}

/** The base score of a CVSS vector (v2, v3.0, v3.1, v4.0), or undefined when the vector is invalid or incomplete. */
export function cvssBaseScore(vector: string): number | undefined {
  try {
    const parsed = fromVector(vector.trim()) as { isBaseFullyDefined(): boolean; calculateScores(): { base?: number } } | null;
    if (!parsed || !parsed.isBaseFullyDefined()) return undefined;
    const base = parsed.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

const GHSA_SEVERITY: Record<string, Severity> = { LOW: 'LOW', MODERATE: 'MEDIUM', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' };
const RANK: Record<Severity, number> = { UNKNOWN: -1, LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

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
export function vulnerabilitySeverity(records: OsvRecord[]): { severity: Severity; score?: number } {
  let best: number | undefined;
  for (const record of records) {
    for (const entry of severityEntries(record)) {
      if (!/^CVSS_V[234]$/.test(entry.type) || typeof entry.score !== 'string') continue;
      const score = cvssBaseScore(entry.score);
      if (score !== undefined && (best === undefined || score > best)) best = score;
    }
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
