import { describe, expect, it } from 'vitest';
import type { DependencyFinding, GradedFinding } from '../../../src/findings.js';
import { loadGlob } from '../../../src/files/glob.js';
import { PLAIN } from '../../../src/report/colors.js';
import { jsonReport } from '../../../src/report/json.js';
import { sarifReport } from '../../../src/report/sarif.js';
import { isVerbose } from '../../../src/report/terminal.js';
import { MAX_GROUPS, MAX_LISTED, shortMessage, textReport } from '../../../src/report/text.js';
import { configFileOf, whatToDo } from '../../../src/report/what-to-do.js';
import { code, dependency, unaudited, unscanned, verdictOf } from './verdicts.js';

/** `count` LOW B101 warnings spread over files of ten. */
function asserts(count: number, extra: Partial<GradedFinding> = {}): GradedFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    ...code({ id: 'B101', name: 'assert_used', severity: 'LOW', path: `app/m${Math.floor(i / 10)}.py`, line: (i % 10) + 1 }),
    message: 'Use of assert detected.',
    status: 'warning' as const,
    ...extra,
  })) as GradedFinding[];
}

const report = (findings: GradedFinding[], options: { verbose?: boolean; configFile?: string } = {}) =>
  textReport(verdictOf(findings), { palette: PLAIN, ...options });

describe('text report: many warnings are counted by group', () => {
  it(`lists up to ${MAX_LISTED} warnings, and counts them by test id past that, the blocking finding first and once`, () => {
    const few = report([{ ...code(), status: 'blocking' }, ...asserts(MAX_LISTED)]);
    expect(few.match(/warn {4}LOW B101/g)).toHaveLength(MAX_LISTED);

    const many = report([{ ...code({ path: 'z.py' }), status: 'blocking' }, ...asserts(2000)]);
    expect(many.match(/BLOCK {3}HIGH B602/g)).toHaveLength(1);
    expect(many).toContain('2000 warnings and 0 ignored, counted by test id or package');
    expect(many).toContain('  warn    LOW B101 (assert_used) ×2000 in 200 files (first at app/m0.py:1)');
    expect(many.indexOf('BLOCK')).toBeLessThan(many.indexOf('×2000'));
    expect(many.trimEnd().split('\n').length).toBeLessThan(25);
  });

  it('--verbose lists every finding, as the report always did', () => {
    const verbose = report(asserts(2000), { verbose: true });
    expect(verbose.match(/warn {4}LOW B101/g)).toHaveLength(2000);
  });

  it('counts a package’s advisories as one group, ignored ones apart, and at most MAX_GROUPS lines', () => {
    const advisories = Array.from({ length: 30 }, (_, i) => ({
      ...dependency({ id: `PYSEC-2020-${i}`, aliases: [], package: 'django', version: '2.2.0', severity: 'LOW' }),
      status: 'warning' as const,
    }));
    const ignored = asserts(5, { status: 'ignored', note: 'tests' });
    const text = report([...advisories, ...ignored]);
    expect(text).toContain('  warn    django 2.2.0 advisories ×30 in 1 file (first at requirements.txt:1)');
    expect(text).toContain('  ignored LOW B101 (assert_used) ×5 in 1 file');

    const rules = Array.from(
      { length: MAX_GROUPS + 4 },
      (_, i) => asserts(2).map((f) => ({ ...f, id: `B${100 + i}` })) as GradedFinding[],
    ).flat();
    const capped = report(rules);
    expect(capped).toContain('and 4 more groups (--verbose lists each finding)');
  });

  it('says which warnings are inherited, in groups of their own', () => {
    const text = report([
      ...asserts(15, { introduced: true }),
      ...asserts(25, { introduced: false }).map((f) => ({ ...f, path: `old/${f.path}` })),
    ]);
    expect(text).toContain('25 of them inherited: the change did not bring them, its parent already had them');
    expect(text).toContain('  warn    LOW B101 (assert_used) ×25 in 3 files (first at old/app/m0.py:1) (inherited)');
    expect(text).toContain('  warn    LOW B101 (assert_used) ×15 in 2 files (first at app/m0.py:1)\n');
  });

  it('marks an inherited finding listed by file, unless its note already says why it is there', () => {
    const text = report([
      { ...code({ line: 1 }), status: 'warning', introduced: false },
      { ...code({ line: 2 }), status: 'warning', introduced: false, note: 'inherited: HEAD already had it' },
      { ...code({ line: 3 }), status: 'blocking', introduced: true },
    ]);
    expect(text).toContain('line 1: subprocess call with shell=True identified, security issue. [confidence HIGH] (inherited)');
    expect(text).not.toContain('line 2: subprocess call with shell=True identified, security issue. [confidence HIGH] (inherited)');
    expect(text).not.toContain('line 3: subprocess call with shell=True identified, security issue. [confidence HIGH] (inherited)');
  });

  it('keeps many blocking findings to a line each: no links or aliases, and a note shared by a run of them said once', () => {
    const note = 'no severity is known for this advisory, and deps.unknownSeverity ("high") counts that as blocking';
    const blocking = Array.from({ length: 12 }, (_, i) => ({
      ...dependency({ id: `PYSEC-2021-${i}`, severity: 'UNKNOWN', package: 'django', version: '2.2.0', fixed: ['2.2.28'] }),
      status: 'blocking' as const,
      note,
    }));
    const text = report(blocking);
    expect(text.split('\n').filter((line) => line.includes(note))).toEqual([`          ${note} (the same for the 11 below)`]);
    expect(text).not.toContain('CVE-2019-10906');
    expect(text).not.toContain('https://github.com/pallets');
    // Few blocking findings keep the full detail.
    const one = report(blocking.slice(0, 1));
    expect(one).toContain('CVE-2019-10906');
    expect(one).toContain(note);
  });

  it('shortens an advisory text in the terminal only: one line, cut at a word, whole with --verbose', () => {
    const long = `${'word '.repeat(80)}end`;
    const short = shortMessage(long);
    expect(short.length).toBeLessThanOrEqual(201);
    expect(short.endsWith('word…')).toBe(true);
    expect(shortMessage('first line\nsecond line')).toBe('first line …');
    expect(shortMessage(long, true)).toBe(long);
    expect(shortMessage('a\n\nb', true)).toBe('a b');

    const finding = { ...dependency({ message: long }), status: 'blocking' as const };
    expect(report([finding])).not.toContain(long);
    expect(report([finding], { verbose: true })).toContain(long);
    const json = JSON.parse(jsonReport(verdictOf([finding]))) as { findings: { message: string }[] };
    expect(json.findings[0]?.message).toBe(long);
    expect(sarifReport(verdictOf([finding]))).toContain(long);
  });
});

describe('what to do: one upgrade per package', () => {
  const pin = (id: string, fixed: string[], extra: Partial<DependencyFinding> = {}): GradedFinding => ({
    ...dependency({ id, aliases: [], package: 'django', version: '2.2.0', fixed, ...extra }),
    status: 'blocking',
  });

  it('names the one version that fixes every advisory of the pin, counting those that do not block too', () => {
    const findings = [
      ...Array.from({ length: 26 }, (_, i) => pin(`PYSEC-2021-${i}`, ['2.2.3', '3.0.1'], { upgrade: '2.2.28' })),
      { ...pin('PYSEC-2022-1', ['2.2.28'], { upgrade: '2.2.28' }), status: 'warning' as const },
    ];
    const lines = whatToDo(verdictOf(findings).findings);
    expect(lines.filter((line) => line.includes('django'))).toEqual([
      '  - django 2.2.0 at requirements.txt:1: upgrade django 2.2.0 → 2.2.28 (fixes 27 advisories)',
    ]);
  });

  it('without one version for all, says so and gives each remedy once with the advisories it clears', () => {
    const lines = whatToDo(
      verdictOf([pin('PYSEC-1', ['2.2.3']), pin('PYSEC-2', ['2.2.3']), pin('PYSEC-3', ['3.0.1']), pin('PYSEC-4', [])]).findings,
    );
    expect(lines.slice(1, 5)).toEqual([
      '  - django 2.2.0 at requirements.txt:1: no single version fixes all 4 advisories; by advisory:',
      '      PYSEC-1, PYSEC-2: upgrade django to 2.2.3 or later',
      '      PYSEC-3: upgrade django to 3.0.1 or later',
      '      PYSEC-4: no fixed django is known yet: remove or replace it',
    ]);
  });

  it('gives advisories with one remedy one line, naming the first few', () => {
    const ids = ['PYSEC-1', 'PYSEC-2', 'PYSEC-3', 'PYSEC-4', 'PYSEC-5'];
    const lines = whatToDo(verdictOf(ids.map((id) => pin(id, ['2.2.3']))).findings);
    expect(lines[1]).toBe(
      '  - django 2.2.0 (PYSEC-1, PYSEC-2, PYSEC-3 and 2 more) at requirements.txt:1: upgrade django to 2.2.3 or later',
    );
  });
});

describe('what to do: the suggested ignore', () => {
  const blockingCode = { ...code({ path: 'src/deploy.py' }), status: 'blocking' as const };

  it('names the config file in use, in its own syntax, or a new .secgaterc.json when there is none', () => {
    const findings = verdictOf([blockingCode]).findings;
    expect(whatToDo(findings).join('\n')).toContain(
      'in a new .secgaterc.json (then `git add .secgaterc.json`):\n      { "ignore": [{ "id": "B602", "paths": ["src/deploy.py"]',
    );
    expect(whatToDo(findings, '.secgaterc.json').join('\n')).toContain('in .secgaterc.json:\n      { "ignore": [{ "id": "B602"');
    expect(whatToDo(findings, 'pyproject.toml').join('\n')).toContain(
      'in pyproject.toml:\n      [tool.secgate]\n      ignore = [{ id = "B602", paths = ["src/deploy.py"], reason = "why it does not apply", expires = "YYYY-MM-DD" }]',
    );
    expect(whatToDo(findings, 'package.json').join('\n')).toContain('in package.json:\n      "secgate": { "ignore": [{ "id": "B602"');
    expect(whatToDo(findings, '.secgaterc.yaml').join('\n')).toContain('in .secgaterc.yaml:\n      ignore:\n        - { "id": "B602"');
  });

  it('names a finding that an ignore of its id covers, not a kind of problem that would cover others too', () => {
    // Sorted by path, the unparsable file and the unpinned requirement come first; the old example named "parse-error".
    const findings = verdictOf([
      { ...unscanned({ path: 'a.py' }), status: 'blocking' },
      { ...unaudited({ path: 'a-requirements.txt' }), status: 'blocking' },
      { ...dependency({ path: 'requirements.txt' }), status: 'blocking' },
      blockingCode,
    ]).findings;
    const text = whatToDo(findings).join('\n');
    expect(text).toContain('{ "ignore": [{ "id": "PYSEC-2019-217", "paths": ["requirements.txt"]');
    expect(text).not.toContain('"id": "parse-error"');
    expect(text).not.toContain('"id": "unpinned"');
    // Nothing but kinds of problems: no ignore to suggest, their remedies and the bypass remain.
    const only = whatToDo(verdictOf([{ ...unscanned(), status: 'blocking' }]).findings).join('\n');
    expect(only).not.toContain('"ignore"');
    expect(only).toContain('SECGATE_BYPASS');
  });

  it("names the finding's file exactly, even when its name reads as a glob", async () => {
    const path = 'app/[id] (copy).py';
    const text = whatToDo(verdictOf([{ ...code({ path }), status: 'blocking' }]).findings).join('\n');
    const json = /\{ "ignore": (\[.*\]) \}/.exec(text)?.[1] ?? '[]';
    const [rule] = JSON.parse(json) as { paths: string[] }[];
    const matches = (await loadGlob())(rule?.paths ?? []);
    expect(matches(path)).toBe(true);
    expect(matches('app/i (copy).py')).toBe(false);
    expect(matches('app/d copy.py')).toBe(false);
  });

  it("mentions Bandit's # nosec for a blocking code finding, with its test id, and not for dependencies alone", () => {
    const text = whatToDo(verdictOf([{ ...dependency(), status: 'blocking' }, blockingCode]).findings).join('\n');
    expect(text).toContain("or, for code, Bandit's own way: a `# nosec B602` comment on the flagged line, saying why");
    expect(whatToDo(verdictOf([{ ...dependency(), status: 'blocking' }]).findings).join('\n')).not.toContain('nosec');
  });

  it('takes the config path relative to the repository root', () => {
    expect(configFileOf({ filepath: '/repo/pyproject.toml' }, '/repo')).toBe('pyproject.toml');
    expect(configFileOf({ filepath: undefined }, '/repo')).toBeUndefined();
  });
});

describe('new or inherited in the machine reports', () => {
  const findings: GradedFinding[] = [
    { ...code({ line: 1 }), status: 'blocking', introduced: true },
    { ...code({ line: 2 }), status: 'warning', introduced: false, note: 'inherited' },
    { ...dependency({ upgrade: '2.11.3' }), status: 'blocking' },
  ];

  it('JSON carries introduced when the run knows it, and the upgrade that fixes a whole pin', () => {
    const json = JSON.parse(jsonReport(verdictOf(findings))) as { version: number; findings: Record<string, unknown>[] };
    expect(json.version).toBe(1);
    expect(json.findings.map((finding) => finding.introduced)).toEqual([true, false, undefined]);
    expect(json.findings.map((finding) => 'introduced' in finding)).toEqual([true, true, false]);
    expect(json.findings[2]?.upgrade).toBe('2.11.3');
  });

  it('SARIF sets baselineState new or unchanged, and none when the whole tree was judged', () => {
    const log = JSON.parse(sarifReport(verdictOf(findings))) as { runs: { results: { baselineState?: string }[] }[] };
    expect(log.runs[0]?.results.map((result) => result.baselineState)).toEqual(['new', 'unchanged', undefined]);
  });
});

describe('SECGATE_VERBOSE', () => {
  it('is on for any value but empty, 0 or false', () => {
    expect(isVerbose({ SECGATE_VERBOSE: '1' })).toBe(true);
    expect(isVerbose({ SECGATE_VERBOSE: 'yes' })).toBe(true);
    for (const value of [undefined, '', '0', 'false', 'FALSE']) expect(isVerbose({ SECGATE_VERBOSE: value })).toBe(false);
  });
});
