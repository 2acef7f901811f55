import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { HIGH_B602, LOW_ASSERT, MEDIUM_PICKLE, output, preCommit, requireBanditAndBuild, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

describe('broken configuration: exit 2 with a message that says what and where', () => {
  it('invalid JSON in .secgaterc.json names the file', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': '{ "failOn": "high", }\n' });
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(repo.root, '.secgaterc.json'));
  });

  it('a wrong value names the field, the value found and the values allowed', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: 'mid' }) });
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.secgaterc.json');
    expect(result.stderr).toContain('failOn');
    expect(result.stderr).toContain('"mid"');
    expect(result.stderr).toMatch(/"low", "medium", "high", "critical"/);
    expect(result.stdout).toBe('');
  });

  it('an unknown field and a date that does not exist are reported', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.yaml': 'failon: high\n' });
    repo.stage({ 'app.py': LOW_ASSERT });
    const unknown = preCommit(repo);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('failon');
    expect(unknown.stderr).toContain('unknown field');

    repo.stage({ '.secgaterc.yaml': 'ignore:\n  - id: B602\n    reason: input is constant\n    expires: "2026-02-30"\n' });
    const badDate = preCommit(repo);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('ignore[0].expires');
    expect(badDate.stderr).toContain('2026-02-30');
  });

  it('a broken config blocks even when only a clean file is staged, but not when nothing is', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': '{' });
    repo.stage({ 'ok.py': 'x = 1\n' });
    expect(preCommit(repo).status).toBe(2);
    repo.git('rm', '-q', '--cached', 'ok.py', '.secgaterc.json');
    repo.write({ '.secgaterc.json': '{' });
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it.each(['.secgaterc.js', '.secgaterc.cjs'])('%s is never executed', (name) => {
    const repo = gitRepo();
    const marker = join(repo.home, 'config-was-executed');
    repo.write({ [name]: `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = { failOn: 'critical' };\n` });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(existsSync(marker)).toBe(false);
    // Either refused (2) or ignored: then the default policy holds and the HIGH finding blocks.
    expect([1, 2]).toContain(result.status);
  });

  it('.secgaterc.js next to a JSON config: refused (exit 2) naming it, the script never runs', () => {
    const repo = gitRepo();
    const marker = join(repo.home, 'config-was-executed');
    repo.stage({
      '.secgaterc.js': `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = {};\n`,
      '.secgaterc.json': JSON.stringify({ failOn: 'critical' }),
    });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(existsSync(marker)).toBe(false);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(repo.root, '.secgaterc.js'));
  });
});

describe('configuration formats, each honoured (failOn: high lets a MEDIUM pass)', () => {
  const cases: [string, Record<string, string>][] = [
    ['.secgaterc.json', { '.secgaterc.json': JSON.stringify({ failOn: 'high' }) }],
    ['.secgaterc.yaml', { '.secgaterc.yaml': 'failOn: high\n' }],
    ['.secgaterc.yml', { '.secgaterc.yml': 'failOn: high\n' }],
    ['package.json#secgate', { 'package.json': JSON.stringify({ name: 'demo', version: '1.0.0', secgate: { failOn: 'high' } }) }],
    [
      'pyproject.toml [tool.secgate]',
      { 'pyproject.toml': '[project]\nname = "demo"\nversion = "1.0"\n\n[tool.secgate]\nfailOn = "high"\n' },
    ],
  ];

  it.each(cases)('%s', (_name, files) => {
    const repo = gitRepo();
    repo.commit(files);
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(sectionOf(result.stdout, 'load.py').join('\n')).toMatch(/warn\s+MEDIUM B301/);
  });

  it('package.json without a secgate key and pyproject.toml without [tool.secgate] are no config: defaults apply', () => {
    const repo = gitRepo();
    repo.commit({ 'package.json': '{"name":"demo"}', 'pyproject.toml': '[project]\nname = "demo"\n' });
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    expect(preCommit(repo).status).toBe(1);
  });

  it('an ignore with a reason in the config turns a block into ignored, shown with its reason', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ ignore: [{ id: 'b602', reason: 'cmd is a constant list' }] }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    const section = sectionOf(result.stdout, 'deploy.py').join('\n');
    expect(section).toMatch(/ignored\s+HIGH B602/);
    expect(section).toContain('cmd is a constant list');
  });

  it('an expired ignore blocks again and says so', () => {
    const repo = gitRepo();
    repo.commit({
      '.secgaterc.json': JSON.stringify({ ignore: [{ id: 'B602', reason: 'cmd is a constant list', expires: '2020-01-31' }] }),
    });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'deploy.py').join('\n');
    expect(section).toMatch(/BLOCK\s+HIGH B602/);
    expect(section).toContain('expired');
  });

  it('code.onParseError: warn lets an unparsable file pass with a warning', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { onParseError: 'warn' } }) });
    repo.stage({ 'broken.py': 'def broken(:\n' });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(sectionOf(result.stdout, 'broken.py').join('\n')).toMatch(/warn\s+UNSCANNED/);
  });
});

describe("the repository's Bandit configuration", () => {
  it('.bandit with skips = B101 makes the assert finding disappear', () => {
    const repo = gitRepo();
    repo.stage({ 'check.py': LOW_ASSERT });
    const before = preCommit(repo);
    expect(sectionOf(before.stdout, 'check.py').join('\n')).toContain('B101');

    repo.stage({ '.bandit': '[bandit]\nskips = B101\n' });
    const after = preCommit(repo);
    expect(after.status).toBe(0);
    expect(output(after)).not.toContain('B101');
    expect(after.stdout).toMatch(/0 blocking, 0 warnings, 0 ignored in 1 file \(0 from cache\)/);
  });

  it('.bandit skips do not hide other tests', () => {
    const repo = gitRepo();
    repo.stage({ '.bandit': '[bandit]\nskips: B101,B404\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(output(result)).toContain('B602');
    expect(output(result)).not.toContain('B404');
  });

  it('pyproject.toml [tool.bandit] skips with Bandit 1.6.2: the skip is applied and a note says what was not', () => {
    const repo = gitRepo();
    repo.commit({ 'pyproject.toml': '[project]\nname = "demo"\n\n[tool.bandit]\nskips = ["B101"]\nexclude_dirs = ["tests"]\n' });
    repo.stage({ 'check.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('B101');
    expect(result.stdout).toMatch(/note: .*1\.6\.2.*\[tool\.bandit\]/);
  });

  it('a broken pyproject.toml with [tool.bandit] is a configuration error (exit 2) naming the file, not an internal error', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': '{}', 'pyproject.toml': '[tool.bandit]\nskips = ["B101"\n' });
    repo.stage({ 'check.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pyproject.toml');
  });

  it('code.banditConfig naming a missing file is a configuration error (exit 2)', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { banditConfig: 'bandit.yaml' } }) });
    repo.stage({ 'check.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bandit.yaml');
  });

  it('code.banditConfig naming a Bandit YAML config with skips is applied', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { banditConfig: 'bandit.yaml' } }), 'bandit.yaml': 'skips: ["B101"]\n' });
    repo.stage({ 'check.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('B101');
  });
});
