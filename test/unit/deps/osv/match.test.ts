import { describe, expect, it } from 'vitest';
import { affects, fixedVersions, inRange } from '../../../../src/deps/osv/match.js';
import type { OsvEvent, OsvRecord } from '../../../../src/deps/osv/types.js';

/** A record for package `name` with one ECOSYSTEM range and optional listed versions. */
function record(events: OsvEvent[], extra: Partial<OsvRecord> = {}, versions?: string[], name = 'Demo_Pkg'): OsvRecord {
  return {
    id: 'PYSEC-0000-1',
    affected: [{ package: { ecosystem: 'PyPI', name }, ranges: [{ type: 'ECOSYSTEM', events }], ...(versions ? { versions } : {}) }],
    ...extra,
  };
}

const range = (events: OsvEvent[]) => ({ type: 'ECOSYSTEM', events });

describe('ECOSYSTEM ranges', () => {
  it('introduced/fixed is half open: the fix is not affected, the version before it is', () => {
    const r = range([{ introduced: '1.0' }, { fixed: '1.5' }]);
    expect(inRange('0.9', r)).toBe(false);
    expect(inRange('1.0', r)).toBe(true);
    expect(inRange('1.4.9', r)).toBe(true);
    expect(inRange('1.5', r)).toBe(false);
    expect(inRange('2.0', r)).toBe(false);
  });

  it('introduced "0" means every version from the first', () => {
    expect(inRange('0.0.1', range([{ introduced: '0' }, { fixed: '2.0' }]))).toBe(true);
    expect(inRange('0.0.1', range([{ introduced: '0' }]))).toBe(true);
  });

  it('several introduced/fixed pairs, given out of order, are sorted before evaluation', () => {
    const r = range([{ fixed: '2.5' }, { introduced: '2.0' }, { fixed: '1.5' }, { introduced: '1.0' }]);
    expect(inRange('1.2', r)).toBe(true);
    expect(inRange('1.7', r)).toBe(false);
    expect(inRange('2.1', r)).toBe(true);
    expect(inRange('2.5', r)).toBe(false);
  });

  it('last_affected includes its own version and nothing after', () => {
    const r = range([{ introduced: '1.0' }, { last_affected: '1.4' }]);
    expect(inRange('1.4', r)).toBe(true);
    expect(inRange('1.4.post1', r)).toBe(false);
    expect(inRange('1.5', r)).toBe(false);
  });

  it('limit caps the range: versions at or past every limit are outside', () => {
    const r = range([{ introduced: '0' }, { limit: '3.0' }]);
    expect(inRange('2.9', r)).toBe(true);
    expect(inRange('3.0', r)).toBe(false);
  });

  it('orders pre, post, dev, epoch and local releases as PEP 440 does', () => {
    const r = range([{ introduced: '1.0' }, { fixed: '1.1' }]);
    expect(inRange('1.1rc1', r)).toBe(true); // a pre-release of the fix is still before it
    expect(inRange('1.1.dev3', r)).toBe(true);
    expect(inRange('1.0.post2', r)).toBe(true);
    expect(inRange('1.0a1', r)).toBe(false); // before 1.0
    expect(inRange('1.0+ubuntu1', r)).toBe(true);
    expect(inRange('1!0.5', r)).toBe(false); // epoch 1 sorts after every epoch-0 version
    expect(inRange('1.1.0', r)).toBe(false); // 1.1.0 == 1.1
  });

  it('a bound that is no PEP 440 version fails loud: an unreadable introduced counts as "0", an unreadable fix is dropped', () => {
    expect(inRange('0.1', range([{ introduced: 'not-a-version' }, { fixed: '2.0' }]))).toBe(true);
    expect(inRange('3.0', range([{ introduced: '1.0' }, { fixed: 'abc123def' }]))).toBe(true);
  });
});

describe('affects', () => {
  it('unites the listed versions with the ranges, comparing listed versions by PEP 440 equality', () => {
    const r = record([{ introduced: '2.0' }, { fixed: '2.1' }], {}, ['1.0', '1.2.post1']);
    expect(affects(r, 'demo-pkg', '1.0.0')).toBe(true);
    expect(affects(r, 'demo-pkg', '1.2.post1')).toBe(true);
    expect(affects(r, 'demo-pkg', '1.2')).toBe(false);
    expect(affects(r, 'demo-pkg', '2.0.5')).toBe(true);
  });

  it('matches PEP 503 normalised names: Demo_Pkg, demo.pkg and DEMO-pkg are one package', () => {
    const r = record([{ introduced: '0' }]);
    for (const name of ['Demo_Pkg', 'demo.pkg', 'DEMO-pkg', 'demo__pkg']) expect(affects(r, name, '1.0')).toBe(true);
    expect(affects(r, 'demopkg', '1.0')).toBe(false);
  });

  it('ignores GIT ranges, other ecosystems and withdrawn records', () => {
    const git: OsvRecord = {
      id: 'X',
      affected: [{ package: { ecosystem: 'PyPI', name: 'demo' }, ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }],
    };
    expect(affects(git, 'demo', '1.0')).toBe(false);
    const npm: OsvRecord = { id: 'Y', affected: [{ package: { ecosystem: 'npm', name: 'demo' }, ranges: [range([{ introduced: '0' }])] }] };
    expect(affects(npm, 'demo', '1.0')).toBe(false);
    expect(affects(record([{ introduced: '0' }], { withdrawn: '2024-01-01T00:00:00Z' }), 'demo-pkg', '1.0')).toBe(false);
  });

  it('never throws on a version that is not PEP 440', () => {
    const r = record([{ introduced: '1.0' }, { fixed: '2.0' }], {}, ['1.5']);
    expect(() => affects(r, 'demo-pkg', 'banana')).not.toThrow();
  });

  it('a text that is no PEP 440 version is affected by nothing, as in packaging (the audit reports such a pin as unaudited)', () => {
    // cherrypy lists "2.0.0-final" in the real data; a range from "0" used to take it in.
    const r = record([{ introduced: '0' }, { fixed: '3.0' }], {}, ['2.0.0-final']);
    expect(affects(r, 'demo-pkg', '2.0.0-final')).toBe(false);
    expect(affects(r, 'demo-pkg', '2.0.0ba1')).toBe(false);
    expect(affects(r, 'demo-pkg', '2.0.0')).toBe(true);
  });
});

describe('fixedVersions', () => {
  it('lists the fixes above the pinned version, lowest first, one per branch', () => {
    const r = record([
      { introduced: '0' },
      { fixed: '3.2.5' },
      { introduced: '4.0' },
      { fixed: '4.0.1' },
      { introduced: '2.0' },
      { fixed: '2.2.1' },
    ]);
    expect(fixedVersions(r, 'demo-pkg', '3.2.1')).toEqual(['3.2.5', '4.0.1']);
    expect(fixedVersions(r, 'demo-pkg', '1.0')).toEqual(['2.2.1', '3.2.5', '4.0.1']);
  });

  it('is empty when nothing is fixed yet', () => {
    expect(fixedVersions(record([{ introduced: '0' }]), 'demo-pkg', '1.0')).toEqual([]);
  });
});
