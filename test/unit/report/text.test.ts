import { describe, expect, it } from 'vitest';
import { textReport, textSummary } from '../../../src/report/text.js';
import { PLAIN, palette } from '../../../src/report/colors.js';
import { B602_INFO, code, dependency, everyKind, unaudited, unscanned, verdictOf } from './verdicts.js';

const ESCAPE = '\u001b[';

describe('textReport', () => {
  it('groups findings by file and ends with each blocking finding and its own remedy', () => {
    const verdict = verdictOf(
      [
        { ...code(), status: 'blocking' },
        {
          ...code({
            id: 'B404',
            name: 'blacklist',
            severity: 'LOW',
            line: 1,
            message: 'Consider possible security implications.',
            moreInfo: undefined,
          }),
          status: 'warning',
        },
        { ...dependency(), status: 'blocking' },
      ],
      { files: 2, cached: 1 },
    );
    expect(textReport(verdict, { palette: PLAIN })).toMatchInlineSnapshot(`
      "deploy.py
        warn    LOW B404 (blacklist) line 1: Consider possible security implications. [confidence HIGH]
        BLOCK   HIGH B602 (subprocess_popen_with_shell_equals_true) line 5: subprocess call with shell=True identified, security issue. [confidence HIGH]
                https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html
      requirements.txt
        BLOCK   HIGH PYSEC-2019-217, CVE-2019-10906, GHSA-462w-v97r-4m45 line 1: jinja2 2.10: Jinja2 sandbox escape via str.format_map
                fix: upgrade jinja2 to 2.10.1 or later
                https://github.com/pallets/jinja/releases/tag/2.10.1

      secgate: blocked: 2 blocking, 1 warning, 0 ignored in 2 files (1 from cache)
      What to do:
        - B602 at deploy.py:5: change the code; see https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html
        - PYSEC-2019-217 (jinja2 2.10) at requirements.txt:1: upgrade jinja2 to 2.10.1 or later
        - a finding that does not apply: ignore it with a reason (and an expiry) in a new .secgaterc.json (then \`git add .secgaterc.json\`):
            { "ignore": [{ "id": "B602", "paths": ["deploy.py"], "reason": "why it does not apply", "expires": "YYYY-MM-DD" }] }
        - or, for code, Bandit's own way: a \`# nosec B602\` comment on the flagged line, saying why
        - or, deliberately and on the record: SECGATE_BYPASS="<reason>" git commit … (or git push …)
      "
    `);
  });

  it('names the remedy of every kind of blocking finding, and none for warnings or ignored ones', () => {
    const verdict = verdictOf([
      { ...unscanned(), status: 'blocking' },
      { ...dependency({ id: 'GHSA-aaaa-bbbb-cccc', aliases: [], package: 'pyyaml', version: '5.3', fixed: [] }), status: 'blocking' },
      { ...unaudited(), status: 'blocking' },
      { ...unaudited({ id: 'editable', package: 'mylib', requirement: '-e ./mylib', line: 4 }), status: 'blocking' },
      { ...code({ path: 'warned.py' }), status: 'warning' },
      { ...code({ path: 'ignored.py' }), status: 'ignored', note: 'reviewed' },
    ]);
    const todo = textReport(verdict, { palette: PLAIN }).split('What to do:\n')[1] ?? '';
    expect(todo).toContain('  - parse-error at broken.py:1: make the file readable for Bandit');
    expect(todo).toContain(
      '  - GHSA-aaaa-bbbb-cccc (pyyaml 5.3) at requirements.txt:1: no fixed pyyaml is known yet: remove or replace it',
    );
    expect(todo).toContain('  - flask>=2 at requirements.txt:3: pin an exact version (flask==x.y.z) so that it can be audited');
    expect(todo).toContain('  - -e ./mylib at requirements.txt:4: depend on a released version (mylib==x.y.z)');
    // The example names a finding an ignore covers by its own id, not the kind "parse-error" (which would cover every unparsable file).
    expect(todo).toContain('{ "id": "GHSA-aaaa-bbbb-cccc", "paths": ["requirements.txt"]');
    expect(todo).not.toContain('warned.py');
    expect(todo).not.toContain('ignored.py');
  });

  it('says one remedy once for many places, naming the first few', () => {
    const verdict = verdictOf(['a.py', 'b.py', 'c.py', 'd.py', 'e.py'].map((path) => ({ ...code({ path }), status: 'blocking' as const })));
    const lines = textReport(verdict, { palette: PLAIN })
      .split('\n')
      .filter((line) => line.startsWith('  - B602'));
    expect(lines).toEqual([`  - B602 at a.py:5, b.py:5, c.py:5 and 2 more: change the code; see ${B602_INFO}`]);
  });

  it('has no "what to do" when nothing blocks', () => {
    const report = textReport(verdictOf([{ ...code(), status: 'warning' }]), { palette: PLAIN });
    expect(report).toContain('secgate: passed: 0 blocking, 1 warning, 0 ignored in 1 file (0 from cache)');
    expect(report).not.toContain('What to do');
  });

  it('shows notes, notices and ignored findings', () => {
    const report = textReport(everyKind(), { palette: PLAIN });
    expect(report).toContain('  ignored LOW B101 (assert_used) line 3: Use of assert detected.');
    expect(report).toContain('          asserts are how pytest works');
    expect(report).toContain('note: The advisory database is 40 days old.');
  });

  it('writes escape codes only when colour is asked for', async () => {
    expect(textReport(everyKind(), { palette: PLAIN })).not.toContain(ESCAPE);
    expect(textReport(everyKind(), { palette: await palette(true) })).toContain(ESCAPE);
  });
});

describe('textSummary', () => {
  it('is the counts and the remedies, without the findings by file', () => {
    const summary = textSummary(everyKind(), { palette: PLAIN });
    expect(summary.startsWith('secgate: blocked: 3 blocking, 4 warnings, 2 ignored in 5 files (2 from cache)\nWhat to do:\n')).toBe(true);
    expect(summary).toContain('  - PYSEC-2019-217 (jinja2 2.10) at requirements.txt:1: upgrade jinja2 to 2.10.1 or later');
    expect(summary).not.toContain('BLOCK');
    expect(summary).not.toContain('B404');
  });

  it('is how the full report ends', () => {
    const verdict = everyKind();
    expect(textReport(verdict, { palette: PLAIN }).endsWith(`\n\n${textSummary(verdict, { palette: PLAIN })}`)).toBe(true);
  });

  it('is the whole report when there are no findings', () => {
    const verdict = verdictOf([], { files: 3, cached: 3 });
    expect(textReport(verdict, { palette: PLAIN })).toBe('secgate: passed: 0 blocking, 0 warnings, 0 ignored in 3 files (3 from cache)\n');
  });
});
