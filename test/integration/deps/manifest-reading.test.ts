import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { about, depsRepo, requireDataAndBuild, scanJson, secgate, type JsonFinding } from './support.js';

beforeAll(requireDataAndBuild);

// Facts of the shared snapshot: jinja2 2.10 has PYSEC-2019-217 and PYSEC-2021-66
// (UNKNOWN severity, so they block); django 2.2.0 has many advisories.

type Lined = JsonFinding & { lines?: number[]; linesOmitted?: number };

describe('manifests read the way pip and the lock tools read them', () => {
  it('a production requirements.txt that includes tests/pins.txt (-r) or ci/constraints.txt (-c) blocks their vulnerable pins', () => {
    const repo = depsRepo();
    repo.stage({
      'requirements.txt': 'flask==3.0.3\n-r tests/pins.txt\n-c ci/constraints.txt\n',
      'tests/pins.txt': 'jinja2==2.10\n',
      'ci/constraints.txt': 'urllib3==1.24.1\n',
    });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => [f.path, f.dev, f.status])).toEqual([
      ['tests/pins.txt', false, 'blocking'],
      ['tests/pins.txt', false, 'blocking'],
    ]);
    expect(about(report, 'urllib3').length).toBeGreaterThan(0);
    expect(about(report, 'urllib3').every((f) => f.dev === false && f.path === 'ci/constraints.txt')).toBe(true);
  });

  it('the same include staged alone is dev (only a dev path reaches it): it warns', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': 'flask==3.0.3\n' });
    repo.stage({ 'requirements-dev.txt': '-r tests/pins.txt\n', 'tests/pins.txt': 'jinja2==2.10\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(0);
    expect(about(report, 'jinja2').map((f) => [f.dev, f.status])).toEqual([
      [true, 'warning'],
      [true, 'warning'],
    ]);
  });

  it('services/style/requirements.txt is production: a word in a folder of the path does not make it dev', () => {
    const repo = depsRepo();
    repo.stage({ 'services/style/requirements.txt': 'jinja2==2.10\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').every((f) => !f.dev && f.status === 'blocking')).toBe(true);
  });

  it('a setup.cfg with an unclosed [options header is unreadable and blocks', () => {
    const repo = depsRepo();
    repo.stage({ 'setup.cfg': '[metadata]\nname = app\n[options\ninstall_requires =\n    jinja2==2.10\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'unaudited', id: 'unreadable', path: 'setup.cfg', line: 3, status: 'blocking' }]);
  });

  it('a poetry.lock whose version is a number, or whose [package] is a table, is unreadable and blocks', () => {
    for (const lock of ['[[package]]\nname = "jinja2"\nversion = 5.3\n', '[package]\nname = "jinja2"\nversion = "2.10"\n']) {
      const repo = depsRepo();
      repo.stage({ 'poetry.lock': lock });
      const { status, report } = scanJson(repo);
      expect(status, lock).toBe(1);
      expect(
        report.findings.map((f) => [f.id, f.status]),
        lock,
      ).toEqual([['unreadable', 'blocking']]);
    }
  });

  it('a Pipfile.lock whose default is an array, or whose entry is a string, is unreadable and blocks', () => {
    for (const lock of ['{"default": [{"jinja2": {"version": "==2.10"}}]}', '{"default": {"jinja2": "==2.10"}}']) {
      const repo = depsRepo();
      repo.stage({ 'Pipfile.lock': lock });
      const { status, report } = scanJson(repo);
      expect(status, lock).toBe(1);
      expect(
        report.findings.map((f) => [f.id, f.status]),
        lock,
      ).toEqual([['unreadable', 'blocking']]);
    }
  });

  it("a Poetry list of constraints keeps every version's advisories (urllib3 1.24.1 and 1.26.5 under one key)", () => {
    const alone = depsRepo();
    alone.stage({ 'requirements.txt': 'urllib3==1.26.5\n' });
    const expected = scanJson(alone).report.findings.map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);

    const repo = depsRepo();
    repo.stage({
      'pyproject.toml':
        '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.8"\nurllib3 = [{ version = "1.24.1", python = "<3.9" }, { version = "1.26.5", python = ">=3.9" }]\n',
    });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    const found = about(report, 'urllib3');
    expect(found.filter((f) => f.version === '1.26.5').map((f) => f.id)).toEqual(expected);
    expect(found.some((f) => f.version === '1.24.1')).toBe(true);
  });

  it('a pylock.toml listing a package once with a dev marker and once without blocks (the production copy counts)', () => {
    const repo = depsRepo();
    repo.stage({
      'pylock.toml': `lock-version = "1.0"\ncreated-by = "test"\npackages = [\n  { name = "jinja2", version = "2.10", marker = "'dev' in dependency_groups" },\n  { name = "jinja2", version = "2.10" },\n]\n`,
    });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => [f.dev, f.status])).toEqual([
      [false, 'blocking'],
      [false, 'blocking'],
    ]);
  });

  it('64k identical vulnerable lines: one finding per advisory with its lines, small reports in every format', () => {
    const repo = depsRepo();
    repo.stage({ 'requirements.txt': 'django==2.2.0\n'.repeat(64_000) });
    const json = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(json.status).toBe(1);
    expect(json.stdout.length).toBeLessThan(2_000_000);
    const findings = (JSON.parse(json.stdout) as { findings: Lined[] }).findings;
    const ids = findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(findings.length).toBeGreaterThan(5);
    for (const finding of findings) {
      expect(finding).toMatchObject({ package: 'django', line: 1, linesOmitted: 64_000 - 100 });
      expect(finding.lines?.slice(0, 3)).toEqual([1, 2, 3]);
    }
    const text = secgate(repo, ['scan', '--staged']);
    expect(text.status).toBe(1);
    expect(text.stderr).not.toContain('internal error');
    expect(text.stdout).toMatch(/lines 1, 2, 3, 4, 5 and 63995 more: django 2\.2\.0/);
    expect(text.stdout.length).toBeLessThan(200_000);
    const sarif = secgate(repo, ['scan', '--staged', '--format', 'sarif']);
    expect(sarif.status).toBe(1);
    expect(sarif.stdout.length).toBeLessThan(2_000_000);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { locations: unknown[] }[] }[] }).runs[0]?.results ?? [];
    expect(results.length).toBe(findings.length);
    expect(results.every((r) => r.locations.length === 10)).toBe(true);
  });

  it('a UTF-16 requirements.txt with a byte-order mark is read as pip reads it', () => {
    const repo = depsRepo();
    const text = 'flask==3.0.3\r\njinja2==2.10\r\n';
    repo.stage({ 'requirements.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(about(report, 'jinja2').map((f) => [f.id, f.line, f.status])).toEqual([
      ['PYSEC-2019-217', 2, 'blocking'],
      ['PYSEC-2021-66', 2, 'blocking'],
    ]);
  });
});

describe('an error exit still writes the requested machine report', () => {
  // A setting the config does not allow: a configuration error, exit 2.
  const INVALID = '{ "failOn": "bogus" }\n';

  it('--format json: exit 2, a JSON document with the error on stdout, the message on stderr', () => {
    const repo = depsRepo();
    repo.stage({ '.secgaterc.json': INVALID, 'requirements.txt': 'jinja2==2.10\n' });
    const result = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('failOn');
    const report = JSON.parse(result.stdout) as { findings: unknown[]; errors: string[] };
    expect(report.findings).toEqual([]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toContain('failOn');
  });

  it('--format sarif --output <file>: exit 2, the SARIF file says the run did not succeed', () => {
    const repo = depsRepo();
    repo.stage({ '.secgaterc.json': INVALID, 'requirements.txt': 'jinja2==2.10\n' });
    const result = secgate(repo, ['scan', '--staged', '--format', 'sarif', '--output', 'out.sarif']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(repo.root, 'out.sarif'), 'utf8')) as {
      runs: {
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    const invocation = log.runs[0]?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('failOn') },
    });
  });

  it('exit 3 (no advisory database) writes the JSON document too', () => {
    const repo = depsRepo({ deps: { database: '/nonexistent/PyPI.zip' } }, { warm: false });
    repo.stage({ 'requirements.txt': 'jinja2==2.10\n' });
    const result = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(result.status).toBe(3);
    expect((JSON.parse(result.stdout) as { errors: string[] }).errors).toHaveLength(1);
  });

  it('text format on an error exit prints no report on stdout', () => {
    const repo = depsRepo();
    repo.stage({ '.secgaterc.json': INVALID, 'requirements.txt': 'jinja2==2.10\n' });
    const result = secgate(repo, ['scan', '--staged']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});
