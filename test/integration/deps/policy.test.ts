import { beforeAll, describe, expect, it } from 'vitest';
import { about, depsRepo, requireDataAndBuild, scanJson, setConfig } from './support.js';

beforeAll(requireDataAndBuild);

// jinja2 2.10: PYSEC-2019-217 (aliases CVE-2019-10906, GHSA-462w-v97r-4m45) and
// PYSEC-2021-66 (aliases CVE-2020-28493, GHSA-g3rq-g295-4j3m, SNYK-…); both without
// a CVSS vector, so of UNKNOWN severity. See verdicts.test.ts.

const POETRY_DEV_GROUP = `[tool.poetry]
name = "app"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.9"
markupsafe = "2.1.5"

[tool.poetry.group.dev.dependencies]
jinja2 = "2.10"
`;

describe('development-only dependencies', () => {
  it('requirements-dev.txt: a vulnerable pin warns by default and blocks with deps.devOnly = "fail"', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements-dev.txt': 'jinja2==2.10\n' });
    const warned = scanJson(repo);
    expect(warned.status).toBe(0);
    expect(about(warned.report, 'jinja2')).toHaveLength(2);
    for (const finding of about(warned.report, 'jinja2')) {
      expect(finding).toMatchObject({ dev: true, status: 'warning', path: 'requirements-dev.txt' });
      expect(finding.note).toContain('deps.devOnly is "warn"');
    }

    setConfig(repo, { deps: { devOnly: 'fail' } });
    const blocked = scanJson(repo);
    expect(blocked.status).toBe(1);
    expect(about(blocked.report, 'jinja2').map((f) => f.status)).toEqual(['blocking', 'blocking']);

    setConfig(repo, { deps: { devOnly: 'ignore' } });
    const ignored = scanJson(repo);
    expect(ignored.status).toBe(0);
    expect(about(ignored.report, 'jinja2').map((f) => f.status)).toEqual(['ignored', 'ignored']);
  });

  it('pyproject.toml: a Poetry dev group is development-only, the main dependencies are not', () => {
    const repo = depsRepo();
    repo.stage({ 'pyproject.toml': POETRY_DEV_GROUP });
    const warned = scanJson(repo);
    expect(warned.status).toBe(0);
    expect(about(warned.report, 'jinja2').map((f) => [f.id, f.dev, f.status, f.line])).toEqual([
      ['PYSEC-2019-217', true, 'warning', 10],
      ['PYSEC-2021-66', true, 'warning', 10],
    ]);

    setConfig(repo, { deps: { devOnly: 'fail' } });
    expect(scanJson(repo).status).toBe(1);

    // The same pin among the main dependencies blocks whatever deps.devOnly says.
    setConfig(repo, {});
    repo.stage({
      'pyproject.toml': POETRY_DEV_GROUP.replace('markupsafe = "2.1.5"', 'jinja2 = "2.10"').replace(/\[tool\.poetry\.group[^]*$/, ''),
    });
    const main = scanJson(repo);
    expect(main.status).toBe(1);
    expect(about(main.report, 'jinja2').every((f) => f.dev === false && f.status === 'blocking')).toBe(true);
  });
});

describe('requirements that cannot be audited', () => {
  it('an unpinned requirement is an "unaudited" warning; deps.unpinned = "fail" blocks it, "ignore" ignores it', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'requests>=2.0\njinja2==3.1.4\n' });
    const warned = scanJson(repo);
    expect(warned.status).toBe(0);
    expect(warned.report.findings).toMatchObject([
      {
        kind: 'unaudited',
        id: 'unpinned',
        package: 'requests',
        requirement: 'requests>=2.0',
        path: 'requirements.txt',
        line: 1,
        dev: false,
        status: 'warning',
      },
    ]);

    setConfig(repo, { deps: { unpinned: 'fail' } });
    const blocked = scanJson(repo);
    expect(blocked.status).toBe(1);
    expect(blocked.report.findings).toMatchObject([{ kind: 'unaudited', status: 'blocking' }]);

    setConfig(repo, { deps: { unpinned: 'ignore' } });
    const ignored = scanJson(repo);
    expect(ignored.status).toBe(0);
    expect(ignored.report.findings).toMatchObject([{ kind: 'unaudited', status: 'ignored' }]);
  });

  it('a manifest that does not parse blocks as "unreadable" (unread dependencies are not safe ones); deps.onParseError = "warn" lets it pass', () => {
    const repo = depsRepo();
    repo.stage({ 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["jinja2==2.10"\n' });
    const blocked = scanJson(repo);
    expect(blocked.status).toBe(1);
    expect(blocked.report.findings).toMatchObject([{ kind: 'unaudited', id: 'unreadable', path: 'pyproject.toml', status: 'blocking' }]);
    expect(blocked.report.findings[0]?.message).toContain('pyproject.toml is not valid TOML');

    setConfig(repo, { deps: { onParseError: 'warn' } });
    const warned = scanJson(repo);
    expect(warned.status).toBe(0);
    expect(warned.report.findings).toMatchObject([
      { kind: 'unaudited', id: 'unreadable', status: 'warning', note: 'deps.onParseError is "warn"' },
    ]);
  });

  it('a manifest with no exact pin needs no database at all', () => {
    const repo = depsRepo({}, { warm: false });
    setConfig(repo, {}, '/nonexistent/PyPI.zip');
    repo.stage({ 'requirements.txt': 'requests>=2.0\n' });
    const result = scanJson(repo);
    expect(result.status).toBe(0);
    expect(result.report.findings).toMatchObject([{ kind: 'unaudited', id: 'unpinned' }]);
  });
});

describe('ignores and unknown severity', () => {
  it('an ignore names an advisory by any alias (a CVE id) and needs a reason; the other advisory still blocks', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n' });
    setConfig(repo, { ignore: [{ id: 'CVE-2019-10906', reason: 'we never render untrusted templates' }] });
    const partly = scanJson(repo);
    expect(partly.status).toBe(1);
    expect(about(partly.report, 'jinja2').map((f) => [f.id, f.status, f.note])).toEqual([
      ['PYSEC-2019-217', 'ignored', 'we never render untrusted templates'],
      // Blocking for want of a severity: the note names the setting (issue 14).
      ['PYSEC-2021-66', 'blocking', 'no severity is known for this advisory, and deps.unknownSeverity ("high") counts that as blocking'],
    ]);

    setConfig(repo, {
      ignore: [
        { id: 'cve-2019-10906', reason: 'we never render untrusted templates' },
        { id: 'GHSA-g3rq-g295-4j3m', reason: 'no user input reaches the urlize filter', expires: '2999-12-31' },
      ],
    });
    const passed = scanJson(repo);
    expect(passed.status).toBe(0);
    expect(passed.report.summary).toMatchObject({ blocking: 0, ignored: 2 });
  });

  it('an expired ignore blocks again, and says so', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n' });
    setConfig(repo, {
      ignore: [
        { id: 'CVE-2019-10906', reason: 'until the upgrade', expires: '2020-01-31' },
        { id: 'PYSEC-2021-66', reason: 'disputed' },
      ],
    });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    const expired = report.findings.find((f) => f.id === 'PYSEC-2019-217');
    expect(expired?.status).toBe('blocking');
    expect(expired?.note).toContain('expired on 2020-01-31');
    expect(expired?.note).toContain('until the upgrade');
  });

  it('an advisory of unknown severity blocks by default and follows deps.unknownSeverity', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n' });
    const byDefault = scanJson(repo);
    expect(byDefault.status).toBe(1);
    expect(about(byDefault.report, 'jinja2').every((f) => f.severity === 'UNKNOWN' && f.status === 'blocking')).toBe(true);

    setConfig(repo, { deps: { unknownSeverity: 'low' } });
    const low = scanJson(repo);
    expect(low.status).toBe(0);
    expect(about(low.report, 'jinja2').map((f) => f.status)).toEqual(['warning', 'warning']);

    // "high" against failOn "critical" does not reach the threshold either.
    setConfig(repo, { failOn: 'critical', deps: { unknownSeverity: 'high' } });
    expect(scanJson(repo).status).toBe(0);
    setConfig(repo, { failOn: 'critical', deps: { unknownSeverity: 'critical' } });
    expect(scanJson(repo).status).toBe(1);
  });
});
