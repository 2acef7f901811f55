import type {
  CodeFinding,
  DependencyFinding,
  GradedFinding,
  Notice,
  UnauditedFinding,
  UnscannedFinding,
  Verdict,
} from '../../../src/findings.js';
import { compareFindings } from '../../../src/policy/evaluate.js';

/** Hand-built findings of every kind, for reporter tests: no scanner, no policy. */

export const B602_INFO = 'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html';

export function code(overrides: Partial<CodeFinding> = {}): CodeFinding {
  return {
    kind: 'code',
    id: 'B602',
    name: 'subprocess_popen_with_shell_equals_true',
    severity: 'HIGH',
    confidence: 'HIGH',
    path: 'deploy.py',
    line: 5,
    message: 'subprocess call with shell=True identified, security issue.',
    moreInfo: B602_INFO,
    ...overrides,
  };
}

export function unscanned(overrides: Partial<UnscannedFinding> = {}): UnscannedFinding {
  return {
    kind: 'unscanned',
    id: 'parse-error',
    severity: 'UNKNOWN',
    path: 'broken.py',
    line: 1,
    message: 'syntax error while parsing AST from file',
    ...overrides,
  };
}

export function dependency(overrides: Partial<DependencyFinding> = {}): DependencyFinding {
  return {
    kind: 'dependency',
    id: 'PYSEC-2019-217',
    aliases: ['CVE-2019-10906', 'GHSA-462w-v97r-4m45'],
    package: 'jinja2',
    version: '2.10',
    severity: 'HIGH',
    fixed: ['2.10.1'],
    path: 'requirements.txt',
    line: 1,
    dev: false,
    message: 'Jinja2 sandbox escape via str.format_map',
    references: ['https://github.com/pallets/jinja/releases/tag/2.10.1'],
    ...overrides,
  };
}

export function unaudited(overrides: Partial<UnauditedFinding> = {}): UnauditedFinding {
  return {
    kind: 'unaudited',
    id: 'unpinned',
    severity: 'UNKNOWN',
    package: 'flask',
    requirement: 'flask>=2',
    path: 'requirements.txt',
    line: 3,
    dev: false,
    message: 'no exact version, so no advisory can be matched',
    ...overrides,
  };
}

/** A verdict as evaluate() would return it: findings in report order, counts to match. */
export function verdictOf(findings: GradedFinding[], extra: { notices?: Notice[]; files?: number; cached?: number } = {}): Verdict {
  const sorted = [...findings].sort(compareFindings);
  const count = (status: GradedFinding['status']) => sorted.filter((finding) => finding.status === status).length;
  return {
    findings: sorted,
    notices: extra.notices ?? [],
    files: extra.files ?? new Set(sorted.map((finding) => finding.path)).size,
    cached: extra.cached ?? 0,
    summary: { blocking: count('blocking'), warnings: count('warning'), ignored: count('ignored') },
  };
}

/** Every kind of finding in every status, with and without notes, and a path that needs percent-encoding. */
export function everyKind(): Verdict {
  return verdictOf(
    [
      { ...code({ column: 5, cwe: 78 }), status: 'blocking' },
      {
        ...code({
          id: 'B404',
          name: 'blacklist',
          severity: 'LOW',
          line: 1,
          message: 'Consider possible security implications associated with subprocess module.',
        }),
        status: 'warning',
      },
      {
        ...code({
          id: 'B101',
          name: 'assert_used',
          severity: 'LOW',
          path: 'tests/test_app.py',
          line: 3,
          message: 'Use of assert detected.',
        }),
        status: 'ignored',
        note: 'asserts are how pytest works',
      },
      { ...code({ path: 'my scripts/run job.py', line: 2 }), status: 'warning', note: 'code.onParseError is "warn"' },
      { ...unscanned(), status: 'blocking' },
      { ...dependency(), status: 'blocking' },
      {
        ...dependency({
          id: 'GHSA-w235-7p84-xx57',
          aliases: [],
          package: 'pytest',
          version: '7.0.0',
          severity: 'LOW',
          fixed: [],
          line: 2,
          dev: true,
          references: [],
        }),
        status: 'warning',
        note: 'only a development dependency (deps.devOnly is "warn")',
      },
      { ...unaudited(), status: 'warning' },
      {
        ...unaudited({ id: 'url', package: 'mylib', requirement: 'mylib @ https://example.com/mylib.tar.gz', line: 4 }),
        status: 'ignored',
      },
    ],
    { notices: [{ message: 'The advisory database is 40 days old.' }], files: 5, cached: 2 },
  );
}
