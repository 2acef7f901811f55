import { describe, expect, it } from 'vitest';
import { cvssBaseScore } from '../../../../src/deps/osv/cvss.js';
import { severityOfScore, vulnerabilitySeverity } from '../../../../src/deps/osv/severity.js';
import type { OsvRecord } from '../../../../src/deps/osv/types.js';

const V3_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const V3_MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N'; // 5.4
const V2_HIGH = 'AV:N/AC:L/Au:N/C:P/I:P/A:P'; // 7.5
const V4_CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'; // 9.3

describe('CVSS base scores', () => {
  it('computes v2, v3.0, v3.1 and v4.0 vectors', () => {
    expect(cvssBaseScore(V3_CRITICAL)).toBe(9.8);
    expect(cvssBaseScore(V3_CRITICAL.replace('3.1', '3.0'))).toBe(9.8);
    expect(cvssBaseScore(V3_MEDIUM)).toBe(5.4);
    expect(cvssBaseScore(V2_HIGH)).toBe(7.5);
    expect(cvssBaseScore(V4_CRITICAL)).toBe(9.3);
  });

  it('rejects vectors that are invalid or incomplete', () => {
    expect(cvssBaseScore('garbage')).toBeUndefined();
    expect(cvssBaseScore('CVSS:3.1/AV:N')).toBeUndefined();
    expect(cvssBaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeUndefined();
  });

  it('maps scores to the qualitative scale', () => {
    expect([0, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityOfScore)).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
  });
});

describe('vulnerabilitySeverity', () => {
  const rec = (extra: Partial<OsvRecord>): OsvRecord => ({ id: 'X', ...extra });

  it('takes the highest valid CVSS score across the record and its aliases', async () => {
    const result = await vulnerabilitySeverity([
      rec({ severity: [{ type: 'CVSS_V3', score: V3_MEDIUM }] }),
      rec({
        severity: [
          { type: 'CVSS_V2', score: V2_HIGH },
          { type: 'CVSS_V3', score: 'broken' },
        ],
      }),
    ]);
    expect(result).toEqual({ severity: 'HIGH', score: 7.5 });
  });

  it('reads severities given per affected package as well', async () => {
    const record = rec({
      affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, severity: [{ type: 'CVSS_V4', score: V4_CRITICAL }] } as never],
    });
    expect((await vulnerabilitySeverity([record])).severity).toBe('CRITICAL');
  });

  it('a CVSS score wins over a GHSA word', async () => {
    expect(
      (
        await vulnerabilitySeverity([
          rec({ severity: [{ type: 'CVSS_V3', score: V3_MEDIUM }], database_specific: { severity: 'CRITICAL' } }),
        ])
      ).severity,
    ).toBe('MEDIUM');
  });

  it('without a score, uses GHSA database_specific.severity, MODERATE being MEDIUM', async () => {
    expect((await vulnerabilitySeverity([rec({ database_specific: { severity: 'MODERATE' } })])).severity).toBe('MEDIUM');
    expect(
      (await vulnerabilitySeverity([rec({ database_specific: { severity: 'LOW' } }), rec({ database_specific: { severity: 'HIGH' } })]))
        .severity,
    ).toBe('HIGH');
  });

  it('is UNKNOWN when nothing rates it', async () => {
    expect(await vulnerabilitySeverity([rec({}), rec({ severity: [{ type: 'Ubuntu', score: 'high' }] })])).toEqual({ severity: 'UNKNOWN' });
  });

  it('uses the score stored in the index (`base`) instead of recomputing the vector; a stored null is no score', async () => {
    // The vector says CRITICAL; the stored score wins, which shows that it is the one read.
    expect(await vulnerabilitySeverity([rec({ severity: [{ type: 'CVSS_V3', score: V3_CRITICAL, base: 5.0 }] })])).toEqual({
      severity: 'MEDIUM',
      score: 5,
    });
    expect(await vulnerabilitySeverity([rec({ severity: [{ type: 'CVSS_V3', score: V3_CRITICAL, base: null }] })])).toEqual({
      severity: 'UNKNOWN',
    });
  });
});
