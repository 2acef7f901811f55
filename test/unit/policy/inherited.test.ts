import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/defaults.js';
import type { CodeFinding, DependencyFinding, GradedFinding, UnauditedFinding, UnscannedFinding } from '../../../src/findings.js';
import { gradeChange, inheritanceKey, inheritedFrom } from '../../../src/policy/inherited.js';
import { flaggedCode, normalizeCodeLine, parseBanditReport, type BanditReport } from '../../../src/scanners/bandit/parse.js';

function code(id: string, digest: string | undefined, line = 1): CodeFinding {
  return {
    kind: 'code',
    id,
    name: 'x',
    severity: 'MEDIUM',
    confidence: 'HIGH',
    path: 'a.py',
    line,
    message: 'm',
    ...(digest === undefined ? {} : { codeDigest: digest }),
  };
}

function dependency(pkg: string, version: string, id = 'PYSEC-1', path = 'requirements.txt'): DependencyFinding {
  return {
    kind: 'dependency',
    id,
    aliases: [],
    package: pkg,
    version,
    severity: 'HIGH',
    fixed: [],
    path,
    line: 1,
    dev: false,
    message: 'm',
  };
}

describe('flaggedCode: the flagged source lines of a Bandit result, whitespace-normalised', () => {
  it('keeps only the lines of line_range, not the context lines around them', () => {
    const result = { code: '3 \n4 subprocess.call(\n5     "ls",   shell=True)\n6 x = eval("1")\n', line_number: 5, line_range: [4, 5] };
    expect(flaggedCode(result)).toBe('subprocess.call(\n"ls", shell=True)');
  });

  it('is the same after re-indenting or respacing the line, and differs when the code changes', () => {
    const before = flaggedCode({ code: '7     return pickle.loads(x)\n', line_number: 7, line_range: [7] });
    const moved = flaggedCode({ code: '12 \t\treturn  pickle.loads(x)   \n', line_number: 12, line_range: [12] });
    const changed = flaggedCode({ code: '7     return pickle.loads(y)\n', line_number: 7, line_range: [7] });
    expect(moved).toBe(before);
    expect(changed).not.toBe(before);
  });

  it('reads the tabbed form and uses line_number when there is no line_range', () => {
    expect(flaggedCode({ code: '1\timport os\n2\tassert x\n', line_number: 2 })).toBe('assert x');
  });

  it('is undefined without code, or when the flagged lines are blank', () => {
    expect(flaggedCode({ line_number: 1, line_range: [1] })).toBeUndefined();
    expect(flaggedCode({ code: '1 \n2 x = 1\n', line_number: 1, line_range: [1] })).toBeUndefined();
  });

  it('normalises runs of any whitespace to one space, none at the ends', () => {
    expect(normalizeCodeLine('\t a  =\tb \r')).toBe('a = b');
  });

  it('gives a digest for every result of real Bandit 1.6.2 and 1.8 reports', () => {
    for (const name of ['report-1.6.2.json', 'report-1.8.json']) {
      const report = JSON.parse(readFileSync(new URL(`../../fixtures/bandit/${name}`, import.meta.url), 'utf8')) as BanditReport;
      const { byFile } = parseBanditReport(
        report,
        (file) => file,
        (text) => `digest(${text})`,
      );
      const findings = [...byFile.values()].flatMap((result) => result.findings);
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) expect(finding.codeDigest).toMatch(/^digest\(.+\)$/);
      const b602 = findings.find((finding) => finding.id === 'B602');
      expect(b602?.codeDigest).toBe('digest(subprocess.Popen(cmd, shell=True))');
    }
  });

  it('leaves codeDigest out when no digest function is given (as before)', () => {
    const report = JSON.parse(readFileSync(new URL('../../fixtures/bandit/report-1.8.json', import.meta.url), 'utf8')) as BanditReport;
    const { byFile } = parseBanditReport(report, (file) => file);
    expect([...byFile.values()].flatMap((result) => result.findings).some((finding) => 'codeDigest' in finding)).toBe(false);
  });
});

describe('inheritedFrom: which findings the parent already had, per occurrence', () => {
  it('matches code by test id and flagged code, not by line number', () => {
    expect(inheritedFrom([code('B301', 'd1', 40)], [code('B301', 'd1', 4)])).toEqual([true]);
    expect(inheritedFrom([code('B301', 'd2', 4)], [code('B301', 'd1', 4)])).toEqual([false]);
    expect(inheritedFrom([code('B307', 'd1', 4)], [code('B301', 'd1', 4)])).toEqual([false]);
  });

  it('counts occurrences: one in the parent answers for one in the change (a multiset)', () => {
    expect(inheritedFrom([code('B301', 'd1', 4), code('B301', 'd1', 9)], [code('B301', 'd1', 4)])).toEqual([true, false]);
    expect(inheritedFrom([code('B301', 'd1', 4), code('B301', 'd1', 9)], [code('B301', 'd1', 2), code('B301', 'd1', 3)])).toEqual([
      true,
      true,
    ]);
  });

  it('a finding without a digest can never be shown inherited', () => {
    expect(inheritedFrom([code('B301', undefined)], [code('B301', undefined)])).toEqual([false]);
  });

  it('what could not be looked at is never inherited from other content: a parse error, a broken symlink', () => {
    const parseError: UnscannedFinding = { kind: 'unscanned', id: 'parse-error', severity: 'UNKNOWN', path: 'a.py', line: 1, message: 'x' };
    const link: UnscannedFinding = { ...parseError, id: 'symlink' };
    // An unparsable parent says nothing of what the change wrote into the file (the attack: keep a syntax error, add code).
    expect(inheritedFrom([parseError], [{ ...parseError, message: 'other reason' }])).toEqual([false]);
    expect(inheritedFrom([link], [link])).toEqual([false]);
    const unreadable: UnauditedFinding = {
      kind: 'unaudited',
      id: 'unreadable',
      severity: 'UNKNOWN',
      package: '',
      requirement: '',
      path: 'requirements.txt',
      line: 1,
      dev: false,
      message: 'x',
    };
    // A manifest unreadable before and after: its new pins were never audited.
    expect(inheritedFrom([unreadable], [unreadable])).toEqual([false]);
    expect(inheritedFrom([parseError], [])).toEqual([false]);
  });

  it('matches dependencies by file, package (PEP 503 name), version and advisory; a changed pin is new', () => {
    expect(inheritedFrom([dependency('Jinja2', '2.10')], [dependency('jinja2', '2.10')])).toEqual([true]);
    expect(inheritedFrom([dependency('jinja2', '2.10.1')], [dependency('jinja2', '2.10')])).toEqual([false]);
    expect(inheritedFrom([dependency('jinja2', '2.10', 'PYSEC-2')], [dependency('jinja2', '2.10')])).toEqual([false]);
    expect(inheritedFrom([dependency('jinja2', '2.10', 'PYSEC-1', 'dev.txt')], [dependency('jinja2', '2.10')])).toEqual([false]);
  });

  it('matches unaudited requirements by file, package and requirement', () => {
    const unpinned: UnauditedFinding = {
      kind: 'unaudited',
      id: 'unpinned',
      severity: 'UNKNOWN',
      package: 'flask',
      requirement: 'flask>=1.0',
      path: 'requirements.txt',
      line: 3,
      dev: false,
      message: 'm',
    };
    expect(inheritedFrom([unpinned], [{ ...unpinned, line: 1 }])).toEqual([true]);
    expect(inheritedFrom([unpinned], [{ ...unpinned, requirement: 'flask>=0.9' }])).toEqual([false]);
    expect(inheritanceKey(unpinned)).not.toBe(inheritanceKey({ ...unpinned, id: 'url' }));
  });
});

describe('gradeChange: the policy for new and inherited findings', () => {
  const blocking: GradedFinding = { ...code('B301', 'd1'), status: 'blocking' };
  const warn = defaultConfig();
  const fail = { ...defaultConfig(), inherited: 'fail' as const };

  it('an inherited blocking finding warns with a note naming the parent', () => {
    expect(gradeChange(blocking, { introduced: false, parent: 'HEAD' }, warn)).toMatchObject({
      status: 'warning',
      introduced: false,
      note: 'inherited: already in HEAD; set "inherited": "fail" to block it',
    });
  });

  it('"inherited": "fail" keeps it blocking; a new finding keeps its grade', () => {
    expect(gradeChange(blocking, { introduced: false, parent: 'HEAD' }, fail)).toMatchObject({ status: 'blocking', introduced: false });
    expect(gradeChange(blocking, { introduced: true }, warn)).toEqual({ ...blocking, introduced: true });
  });

  it('ignored stays ignored and a warning stays a warning, with its own note', () => {
    const ignored: GradedFinding = { ...blocking, status: 'ignored', note: 'disputed' };
    expect(gradeChange(ignored, { introduced: false, parent: 'HEAD' }, warn)).toEqual({ ...ignored, introduced: false });
    const warning: GradedFinding = { ...blocking, status: 'warning', note: 'dev only' };
    expect(gradeChange(warning, { introduced: true }, warn)).toEqual({ ...warning, introduced: true });
  });

  it('a new finding in a bypassed blob warns, naming the commit and the reason', () => {
    const graded = gradeChange(blocking, { introduced: true, bypassed: { commit: 'abc123', reason: 'hotfix INC-1' } }, fail);
    expect(graded).toMatchObject({ status: 'warning', note: 'bypassed at commit abc123 (reason: hotfix INC-1)' });
  });
});
