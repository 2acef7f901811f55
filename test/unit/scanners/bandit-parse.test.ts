import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBanditReport, parseBanditVersion, readsTomlConfig, type BanditReport } from '../../../src/scanners/bandit/parse.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/bandit/${name}`, import.meta.url), 'utf8')) as BanditReport;

/** Maps Bandit's file names to our keys the way the scanner does: known names only. */
function resolverFor(names: Record<string, string>) {
  return (filename: string) => names[filename];
}

describe('parseBanditReport on a real Bandit 1.6.2 report', () => {
  const report = fixture('report-1.6.2.json');
  const resolve = resolverFor({
    'pkg/deploy.py': 'blob-deploy',
    'with space.py': 'blob-space',
    'café/ñandú.py': 'blob-cafe',
    'bad.py': 'blob-bad',
    'nul.py': 'blob-nul',
  });

  it('groups results by file, with ids, names, severities, confidences, lines and links', () => {
    const { byFile, unknown } = parseBanditReport(report, resolve);
    expect(unknown).toEqual([]);
    expect(byFile.get('blob-deploy')).toEqual({
      findings: [
        {
          kind: 'code',
          id: 'B404',
          name: 'blacklist',
          severity: 'LOW',
          confidence: 'HIGH',
          line: 1,
          message: 'Consider possible security implications associated with subprocess module.',
          moreInfo: 'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b404-import-subprocess',
        },
        {
          kind: 'code',
          id: 'B602',
          name: 'subprocess_popen_with_shell_equals_true',
          severity: 'HIGH',
          confidence: 'HIGH',
          line: 3,
          message: 'subprocess call with shell=True identified, security issue.',
          moreInfo: 'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
        },
      ],
      unscanned: [],
    });
  });

  it('has no column and no CWE in the 1.6 shape', () => {
    const { byFile } = parseBanditReport(report, resolve);
    for (const result of byFile.values()) {
      for (const finding of result.findings) {
        expect(finding).not.toHaveProperty('column');
        expect(finding).not.toHaveProperty('cwe');
      }
    }
  });

  it('reads names with spaces and unicode, and B301 as MEDIUM', () => {
    const { byFile } = parseBanditReport(report, resolve);
    expect(byFile.get('blob-space')?.findings.map((f) => [f.id, f.severity, f.line])).toEqual([['B101', 'LOW', 2]]);
    expect(byFile.get('blob-cafe')?.findings.map((f) => [f.id, f.severity, f.line])).toEqual([
      ['B403', 'LOW', 1],
      ['B301', 'MEDIUM', 2],
    ]);
  });

  it('turns Bandit errors (syntax error, NUL bytes) into unscanned entries of that file', () => {
    const { byFile } = parseBanditReport(report, resolve);
    expect(byFile.get('blob-bad')).toEqual({
      findings: [],
      unscanned: [
        { kind: 'unscanned', id: 'parse-error', severity: 'UNKNOWN', line: 1, message: 'syntax error while parsing AST from file' },
      ],
    });
    expect(byFile.get('blob-nul')?.unscanned.map((u) => u.message)).toEqual(['exception while scanning file']);
  });

  it('lists every file name the resolver does not know', () => {
    const { byFile, unknown } = parseBanditReport(report, resolverFor({ 'pkg/deploy.py': 'blob-deploy' }));
    expect([...byFile.keys()]).toEqual(['blob-deploy']);
    expect(unknown.sort()).toEqual(['bad.py', 'café/ñandú.py', 'café/ñandú.py', 'nul.py', 'with space.py']);
  });
});

describe('parseBanditReport on a Bandit 1.7+/1.8-shaped report', () => {
  const report = fixture('report-1.8.json');
  // The caller strips the "./" that Bandit 1.7+ puts before relative names.
  const resolve = (filename: string) =>
    ({ 'pkg/deploy.py': 'blob-deploy', 'with space.py': 'blob-space', 'bad.py': 'blob-bad' })[filename.replace(/^\.\//, '')];

  it('reads the column (col_offset is 0-based) and the CWE id', () => {
    const { byFile, unknown } = parseBanditReport(report, resolve);
    expect(unknown).toEqual([]);
    const [b404, b602] = byFile.get('blob-deploy')?.findings ?? [];
    expect(b404).toMatchObject({ id: 'B404', severity: 'LOW', line: 1, column: 1, cwe: 78 });
    expect(b602).toMatchObject({
      id: 'B602',
      severity: 'HIGH',
      confidence: 'HIGH',
      line: 3,
      column: 5,
      cwe: 78,
      moreInfo: 'https://bandit.readthedocs.io/en/1.8.6/plugins/b602_subprocess_popen_with_shell_equals_true.html',
    });
  });

  it('maps UNDEFINED severity to UNKNOWN (never quietly LOW), UNDEFINED confidence stays UNDEFINED, CWE 0 is no CWE', () => {
    const { byFile } = parseBanditReport(report, resolve);
    const findings = byFile.get('blob-space')?.findings ?? [];
    expect(findings.map((f) => f.id)).toEqual(['B101', 'B999']);
    const undefinedOne = findings[1];
    expect(undefinedOne?.severity).toBe('UNKNOWN');
    expect(undefinedOne?.confidence).toBe('UNDEFINED');
    expect(undefinedOne).not.toHaveProperty('cwe');
    expect(undefinedOne?.column).toBe(12);
  });

  it('reads errors with ./ names', () => {
    const { byFile } = parseBanditReport(report, resolve);
    expect(byFile.get('blob-bad')?.unscanned).toHaveLength(1);
  });

  it('without a resolver for ./ names, every name is unknown, none is dropped silently', () => {
    const { byFile, unknown } = parseBanditReport(report, resolverFor({ 'pkg/deploy.py': 'x' }));
    expect(byFile.size).toBe(0);
    expect(unknown).toContain('./pkg/deploy.py');
    expect(unknown).toContain('./bad.py');
    expect(unknown).toHaveLength(5);
  });
});

describe('parseBanditReport on odd input', () => {
  it('accepts a report with no results or errors', () => {
    expect(parseBanditReport({}, () => 'x')).toEqual({ byFile: new Map(), unknown: [], seen: new Set() });
  });

  it('a clean file is seen through its metrics entry; _totals is not a file', () => {
    const { byFile, seen } = parseBanditReport(
      { results: [], errors: [], metrics: { './clean.py': { loc: 3 }, _totals: { loc: 3 } } },
      (name) => (name === './clean.py' ? 'clean-blob' : undefined),
    );
    expect(byFile.size).toBe(0);
    expect([...seen]).toEqual(['clean-blob']);
  });

  it('a result without a file name is unknown, never attributed to a file', () => {
    const { byFile, unknown } = parseBanditReport({ results: [{ test_id: 'B602', issue_severity: 'HIGH' }] }, () => 'x');
    expect(byFile.size).toBe(0);
    expect(unknown).toEqual(['(no file name)']);
  });

  it('lower-case or unknown severities: known ones normalised, others UNKNOWN', () => {
    const { byFile } = parseBanditReport(
      {
        results: [
          { filename: 'a.py', test_id: 'B1', issue_severity: 'medium', issue_confidence: 'low', line_number: 4 },
          { filename: 'a.py', test_id: 'B2', issue_severity: 'CRITICAL', issue_confidence: 'SURE', line_number: 5 },
          { filename: 'a.py', test_id: 'B3' },
        ],
      },
      () => 'k',
    );
    expect(byFile.get('k')?.findings.map((f) => [f.id, f.severity, f.confidence, f.line])).toEqual([
      ['B1', 'MEDIUM', 'LOW', 4],
      ['B2', 'UNKNOWN', 'UNDEFINED', 5],
      ['B3', 'UNKNOWN', 'UNDEFINED', 1],
    ]);
  });
});

describe('parseBanditVersion', () => {
  it('reads `bandit --version` of 1.6.2 (Debian)', () => {
    expect(parseBanditVersion('bandit 1.6.2\n  python version = 3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]\n')).toBe('1.6.2');
  });

  it('reads 1.7 and 1.8 output', () => {
    expect(parseBanditVersion('bandit 1.7.10\n  python version = 3.12.3\n')).toBe('1.7.10');
    expect(parseBanditVersion('bandit 1.8.6\n  python version = 3.13.0 (main) [Clang 16]\n')).toBe('1.8.6');
  });

  it('reads `python3 -m bandit --version`, where argparse names the program __main__.py', () => {
    // Real output of `/usr/bin/python3 -m bandit --version` with Debian's Bandit 1.6.2.
    expect(parseBanditVersion('__main__.py 1.6.2\n  python version = 3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]\n')).toBe('1.6.2');
  });

  it('never takes the Python version for Bandit’s', () => {
    expect(parseBanditVersion('  python version = 3.11.2\n')).toBeUndefined();
    expect(parseBanditVersion('/usr/bin/python3: No module named bandit\n')).toBeUndefined();
    expect(parseBanditVersion('')).toBeUndefined();
  });
});

describe('readsTomlConfig', () => {
  it.each([
    ['1.6.2', false],
    ['1.6.3', false],
    ['1.5.1', false],
    ['0.9', false],
    ['1.7.0', true],
    ['1.7.10', true],
    ['1.8.6', true],
    ['1.10.0', true],
    ['2.0.0', true],
  ])('%s → %s', (version, expected) => {
    expect(readsTomlConfig(version)).toBe(expected);
  });
});
