/**
 * CVSS v3.0/v3.1 base scores from the FIRST specification's formulas
 * (https://www.first.org/cvss/v3.1/specification-document, section 7),
 * written for the tests as an oracle independent of the library secgate uses.
 */

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** v3.1's Roundup (the smallest one-decimal number >= x, free of float noise); v3.0 rounds up plainly. */
function roundUp(value: number, v31: boolean): number {
  if (!v31) return Math.ceil(value * 10) / 10;
  const integer = Math.round(value * 100000);
  return integer % 10000 === 0 ? integer / 100000 : (Math.floor(integer / 10000) + 1) / 10;
}

export function cvss3BaseScore(vector: string): number {
  const [prefix, ...parts] = vector.split('/');
  const v31 = prefix === 'CVSS:3.1';
  if (!v31 && prefix !== 'CVSS:3.0') throw new Error(`not a CVSS v3 vector: ${vector}`);
  const m = Object.fromEntries(parts.map((part) => part.split(':') as [string, string]));
  const changed = m.S === 'C';
  const weight = <T extends Record<string, number>>(table: T, key: string | undefined): number => {
    const value = table[key as keyof T];
    if (value === undefined) throw new Error(`bad metric value ${key} in ${vector}`);
    return value;
  };
  const privileges = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 };
  const iss = 1 - (1 - weight(WEIGHTS.CIA, m.C)) * (1 - weight(WEIGHTS.CIA, m.I)) * (1 - weight(WEIGHTS.CIA, m.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * weight(WEIGHTS.AV, m.AV) * weight(WEIGHTS.AC, m.AC) * weight(privileges, m.PR) * weight(WEIGHTS.UI, m.UI);
  if (impact <= 0) return 0;
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10), v31);
}

/** The qualitative rating of a v3 score. */
export function cvss3Rating(score: number): 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}
