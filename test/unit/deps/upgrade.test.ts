import { describe, expect, it } from 'vitest';
import { lowestFixingVersion } from '../../../src/deps/osv/upgrade.js';
import type { OsvRecord } from '../../../src/deps/osv/types.js';

/** A record for `django` with ECOSYSTEM ranges given as [introduced, fixed] pairs (fixed undefined: no fix). */
function record(id: string, ranges: [string, string | undefined][]): OsvRecord {
  return {
    id,
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'django' },
        ranges: ranges.map(([introduced, fixed]) => ({
          type: 'ECOSYSTEM',
          events: [{ introduced }, ...(fixed ? [{ fixed }] : [])],
        })),
      },
    ],
  };
}

describe('lowestFixingVersion', () => {
  const a = record('A', [
    ['0', '2.2.28'],
    ['3.0', '3.0.14'],
  ]);
  const b = record('B', [
    ['0', '2.2.10'],
    ['3.0', '3.0.3'],
  ]);

  it('takes the lowest fixed version that no advisory of the pin still affects', () => {
    expect(lowestFixingVersion([a, b], 'django', '2.2.0', ['2.2.10', '2.2.28', '3.0.3', '3.0.14'])).toBe('2.2.28');
  });

  it('does not take a fix on another release line for one that covers the pin: 3.0.5 is past 2.2.28 but still affected', () => {
    const c = record('C', [
      ['0', '2.2.5'],
      ['3.0', '3.0.5'],
    ]);
    // Only C's and A's 3.0.x fixes as candidates: 3.0.5 fixes C and is past A's 2.2.28, yet A's second range holds it.
    expect(lowestFixingVersion([a, c], 'django', '2.2.0', ['3.0.5', '3.0.14'])).toBe('3.0.14');
  });

  it('is undefined when an advisory has no fix, and ignores records that do not affect the pin', () => {
    const unfixed = record('U', [['0', undefined]]);
    expect(lowestFixingVersion([a, unfixed], 'django', '2.2.0', ['2.2.28', '3.0.14'])).toBeUndefined();
    const later = record('L', [['4.0', undefined]]);
    expect(lowestFixingVersion([a, later], 'django', '2.2.0', ['2.2.28'])).toBe('2.2.28');
  });

  it('never names a version at or below the pin, and compares as PEP 440 (2.2.28 after 2.2.3)', () => {
    expect(lowestFixingVersion([a], 'django', '2.2.28', ['2.2.28'])).toBeUndefined();
    const d = record('D', [['0', '2.2.3']]);
    expect(lowestFixingVersion([d], 'django', '2.2.0', ['2.2.28', '2.2.3'])).toBe('2.2.3');
  });
});
