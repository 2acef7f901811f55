import { describe, expect, it } from 'vitest';
import { groupFindings } from '../../../src/deps/audit.js';
import type { DependencyFinding, UnauditedFinding } from '../../../src/findings.js';

function dep(over: Partial<DependencyFinding>): DependencyFinding {
  return {
    kind: 'dependency',
    id: 'PYSEC-1',
    aliases: [],
    package: 'urllib3',
    version: '1.24.1',
    severity: 'HIGH',
    fixed: [],
    path: 'pyproject.toml',
    line: 3,
    dev: false,
    message: 'm',
    ...over,
  };
}

describe('groupFindings', () => {
  it('keeps each version of a package written under one key (a Poetry list of constraints)', () => {
    const grouped = groupFindings([dep({ version: '1.24.1' }), dep({ version: '1.26.5' })]);
    expect(grouped.map((f) => (f.kind === 'dependency' ? f.version : ''))).toEqual(['1.24.1', '1.26.5']);
  });

  it('makes a pin reached as dev and as production one production finding, in either order', () => {
    for (const order of [
      [dep({ dev: true, line: 2 }), dep({ dev: false, line: 5 })],
      [dep({ dev: false, line: 5 }), dep({ dev: true, line: 2 })],
    ]) {
      const grouped = groupFindings(order);
      expect(grouped).toHaveLength(1);
      expect(grouped[0]).toMatchObject({ dev: false, line: 2, lines: [2, 5] });
    }
  });

  it('groups 64k copies of one line into one finding with its lines, and one unaudited problem likewise', () => {
    const many = Array.from({ length: 64_000 }, (_, i) => dep({ line: i + 1, path: 'requirements.txt' }));
    const unaudited: UnauditedFinding[] = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'unaudited',
      id: 'unpinned',
      severity: 'UNKNOWN',
      package: 'django',
      requirement: 'django',
      path: 'requirements.txt',
      line: i + 1,
      dev: false,
      message: 'not pinned',
    }));
    const grouped = groupFindings([...many, ...unaudited]);
    expect(grouped).toHaveLength(2);
    expect(grouped[0]?.lines).toHaveLength(64_000);
    expect(grouped[1]).toMatchObject({ kind: 'unaudited', line: 1 });
    expect(grouped[1]?.lines).toHaveLength(1000);
  });

  it('keeps apart the same advisory in two files', () => {
    expect(groupFindings([dep({ path: 'a.txt' }), dep({ path: 'b.txt' })])).toHaveLength(2);
  });
});
