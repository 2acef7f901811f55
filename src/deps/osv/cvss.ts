import { fromVector } from 'ae-cvss-calculator';

/**
 * The base score of a CVSS vector (v2, v3.0, v3.1, v4.0), or undefined when
 * the vector is invalid or incomplete. Its own module: the calculator is a
 * large library, loaded when an index is built (scores are stored in it) and
 * otherwise only for a record that carries no stored score.
 */
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
