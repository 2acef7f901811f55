import { beforeAll, describe, expect, it } from 'vitest';
import { about, depsRepo, requireDataAndBuild, scanJson, secgate, setConfig } from './support.js';

beforeAll(requireDataAndBuild);

// jinja2 2.10 is affected by two advisories of the shared data, 3.1.4 by none (see verdicts.test.ts).
const VULNERABLE = 'jinja2==2.10\n';
const SAFE = 'jinja2==3.1.4\n';

describe('-r and -c includes are read from the same tree as the manifest', () => {
  it('from the index: a vulnerable staged base.txt blocks though the working tree has a safe one', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': '-r base.txt\nmarkupsafe==2.1.5\n', 'base.txt': VULNERABLE });
    repo.write({ 'base.txt': SAFE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => [f.id, f.path, f.line])).toEqual([
      ['PYSEC-2019-217', 'base.txt', 1],
      ['PYSEC-2021-66', 'base.txt', 1],
    ]);
  });

  it('from the index: a safe staged base.txt passes though the working tree has a vulnerable one', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': '-r base.txt\n', 'base.txt': SAFE });
    repo.write({ 'base.txt': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('an include that is not in the index blocks as unreadable, never read from disk', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': '-r base.txt\n' });
    repo.write({ 'base.txt': VULNERABLE });
    const { report } = scanJson(repo);
    expect(report.findings).toMatchObject([{ kind: 'unaudited', id: 'unreadable', path: 'requirements.txt', line: 1, status: 'blocking' }]);
    expect(report.findings[0]?.message).toContain('base.txt is not in the repository');
  });
});

describe('a changed file that a manifest includes re-audits the including manifest', () => {
  it('base.txt staged alone: the committed requirements.txt that includes it is audited, from the index', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': '-r base.txt\nmarkupsafe==2.1.5\n', 'base.txt': SAFE });
    repo.stage({ 'base.txt': VULNERABLE });
    repo.write({ 'base.txt': SAFE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => [f.id, f.path, f.line])).toEqual([
      ['PYSEC-2019-217', 'base.txt', 1],
      ['PYSEC-2021-66', 'base.txt', 1],
    ]);
    // requirements.txt and base.txt were judged.
    expect(report.summary.files).toBe(2);

    const hook = secgate(repo, ['run', 'pre-commit']);
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain('PYSEC-2019-217');
  });

  it('through a chain of includes and a -c constraint file', () => {
    const repo = depsRepo();
    repo.commit({
      'requirements/prod.txt': '-r common/base.in\n',
      'requirements/common/base.in': '-c ../../pins.txt\nmarkupsafe==2.1.5\n',
      'pins.txt': SAFE,
    });
    repo.stage({ 'pins.txt': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => f.path)).toEqual(['pins.txt', 'pins.txt']);
  });

  it("setup.cfg's `file:` includes count as well", () => {
    const repo = depsRepo();
    repo.commit({
      'setup.cfg': '[metadata]\nname = app\n\n[options]\ninstall_requires = file: requirements.in\n',
      'requirements.in': SAFE,
    });
    repo.stage({ 'requirements.in': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => f.path)).toEqual(['requirements.in', 'requirements.in']);
  });

  it('a changed requirements file re-audits another manifest that includes it', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements-dev.txt': '-r requirements.txt\npytest==8.3.3\n', 'requirements.txt': SAFE });
    repo.stage({ 'requirements.txt': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    // Findings stay with the file that pins them; the includer is judged too.
    expect(about(report, 'jinja2').map((f) => [f.path, f.dev])).toEqual([
      ['requirements.txt', false],
      ['requirements.txt', false],
    ]);
    expect(report.summary.files).toBe(2);
  });

  it('a text file that no manifest includes passes without a report', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': SAFE });
    repo.stage({ 'notes.txt': VULNERABLE });
    const hook = secgate(repo, ['run', 'pre-commit']);
    expect(hook.status).toBe(0);
    expect(hook.stdout).toBe('');
  });

  it('an including manifest excluded by deps.exclude is not audited', () => {
    const repo = depsRepo();
    repo.commit({ 'vendor/requirements.txt': '-r base.txt\n', 'vendor/base.txt': SAFE });
    setConfig(repo, { deps: { exclude: ['vendor/**'] } });
    repo.stage({ 'vendor/base.txt': VULNERABLE });
    expect(scanJson(repo).status).toBe(0);
  });
});
