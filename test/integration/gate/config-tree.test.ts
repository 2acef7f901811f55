import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { prePush, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { CLEAN, HIGH_B602, LOW_ASSERT, output, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** A config that lets the HIGH finding of HIGH_B602 pass. */
const IGNORE_B602 = JSON.stringify({ ignore: [{ id: 'B602', reason: 'the command is a constant list' }] });

describe('the configuration that governs a commit is the committed one (the index)', () => {
  it('an untracked .secgaterc.json turning code off does not silence a staged finding', () => {
    const repo = gitRepo();
    repo.write({ '.secgaterc.json': JSON.stringify({ code: { enabled: false } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602/);
  });

  it('an unstaged [tool.bandit] skips in pyproject.toml does not silence a staged finding', () => {
    const repo = gitRepo();
    repo.commit({ 'pyproject.toml': '[project]\nname = "demo"\n' });
    repo.write({ 'pyproject.toml': '[project]\nname = "demo"\n\n[tool.bandit]\nskips = ["B602", "B404"]\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602/);
  });

  it('an untracked .bandit does not silence a staged finding', () => {
    const repo = gitRepo();
    repo.write({ '.bandit': '[bandit]\nskips = B602,B404\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602/);
  });

  it('an unstaged edit of the file code.banditConfig names does not reach Bandit', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { banditConfig: 'bandit.yaml' } }), 'bandit.yaml': 'skips: ["B101"]\n' });
    repo.write({ 'bandit.yaml': 'skips: ["B602", "B404"]\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602/);
  });

  it('a staged config change governs that commit, remembered or not, whatever the disk says', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo).status).toBe(1);
    repo.stage({ '.secgaterc.json': IGNORE_B602 });
    // The disk copy says otherwise: the staged one rules.
    repo.write({ '.secgaterc.json': '{}' });
    const staged = preCommit(repo);
    expect(staged.status).toBe(0);
    expect(staged.stdout).toMatch(/ignored\s+HIGH B602/);
    // Again, from the memo: the same answer.
    expect(preCommit(repo).status).toBe(0);
    repo.git('rm', '-q', '-f', '--cached', '.secgaterc.json');
    expect(preCommit(repo).status).toBe(1);
  });

  it('scan --staged and --all read the index too', () => {
    const repo = gitRepo();
    repo.write({ '.secgaterc.json': JSON.stringify({ code: { enabled: false } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(secgate(repo, ['scan', '--staged']).status).toBe(1);
    expect(secgate(repo, ['scan', '--all']).status).toBe(1);
  });

  it('scan --since reads HEAD, not the index or the disk', () => {
    const repo = gitRepo();
    const base = repo.commit({ 'README.md': 'hello\n' });
    repo.commit({ 'deploy.py': HIGH_B602 });
    repo.stage({ '.secgaterc.json': IGNORE_B602 });
    const result = secgate(repo, ['scan', '--since', base]);
    expect(result.status).toBe(1);
    repo.commit({});
    expect(secgate(repo, ['scan', '--since', base]).status).toBe(0);
  });

  it('scan <paths> reads the disk, as it reads the files', () => {
    const repo = gitRepo();
    repo.write({ 'deploy.py': HIGH_B602, '.secgaterc.json': IGNORE_B602 });
    expect(secgate(repo, ['scan', 'deploy.py']).status).toBe(0);
  });

  it('a push is judged by the config of the pushed commit, not the working tree', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    const bad = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.write({ '.secgaterc.json': IGNORE_B602 });
    expect(prePush(push, refLine('refs/heads/main', bad, 'refs/heads/main', base)).status).toBe(1);

    const ignored = push.repo.commit({ '.secgaterc.json': IGNORE_B602 });
    push.repo.write({ '.secgaterc.json': '{}' });
    expect(prePush(push, refLine('refs/heads/main', ignored, 'refs/heads/main', base)).status).toBe(0);
  });

  it('refs of one push are each judged by their own tip commit’s config', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    const strict = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.git('checkout', '-q', '-b', 'lenient', base);
    const lenient = push.repo.commit({ 'deploy.py': HIGH_B602, '.secgaterc.json': IGNORE_B602 });
    const both = refLine('refs/heads/main', strict, 'refs/heads/main', base) + refLine('refs/heads/lenient', lenient, 'refs/heads/lenient');
    const result = prePush(push, both);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602/);
    expect(result.stdout).toMatch(/ignored\s+HIGH B602/);
    expect(prePush(push, refLine('refs/heads/lenient', lenient, 'refs/heads/lenient')).status).toBe(0);
  });
});

describe('a config that turns a check off says so on every run', () => {
  const cases: [string, object, RegExp][] = [
    ['code.enabled false', { code: { enabled: false } }, /^code\.enabled is false/],
    ['deps.enabled false', { deps: { enabled: false } }, /^deps\.enabled is false/],
    ['failOn critical', { failOn: 'critical' }, /^failOn is "critical" .*code findings never block/],
    ['code.exclude matching everything', { code: { exclude: ['**'] } }, /^code\.exclude .* matches every Python file/],
    ['deps.exclude matching everything', { deps: { exclude: ['**/*'] } }, /^deps\.exclude .* matches every manifest/],
  ];
  it.each(cases)('%s: one line in the hook and in scan', (_name, config, notice) => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify(config), 'app.py': CLEAN });
    for (const result of [preCommit(repo), preCommit(repo), secgate(repo, ['scan', '--staged']), secgate(repo, ['scan', '--all'])]) {
      expect(result.status).toBe(0);
      const notes = result.stdout.split('\n').flatMap((line) => (line.startsWith('note: ') ? [line.slice('note: '.length)] : []));
      expect(notes.filter((line) => notice.test(line))).toHaveLength(1);
    }
    const json = JSON.parse(secgate(repo, ['scan', '--all', '--format', 'json']).stdout) as { notices: string[] };
    expect(json.notices.filter((line) => notice.test(line))).toHaveLength(1);
  });

  it('a narrow exclude is not announced', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ code: { exclude: ['tests/**'] } }), 'app.py': CLEAN });
    expect(preCommit(repo).stdout).not.toContain('note:');
  });
});

describe('config files are read as data, and messages quote no more than the offending token', () => {
  const SECRET = 'sekrit-value-4cd1e9';

  it('a config linked to /proc/self/environ is refused, and no environment is printed', () => {
    const repo = gitRepo();
    symlinkSync('/proc/self/environ', join(repo.root, '.secgaterc.json'));
    repo.git('add', '.secgaterc.json');
    repo.stage({ 'app.py': CLEAN });
    for (const args of [
      ['scan', '--all'],
      ['scan', 'app.py'],
      ['run', 'pre-commit'],
    ]) {
      const result = secgate(repo, args, { SECGATE_TEST_SECRET: SECRET });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('symbolic link');
      expect(output(result)).not.toContain(SECRET);
    }
  });

  it('a config path that is a folder is refused, in the index as in a commit', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json/inner.json': '{}', 'app.py': CLEAN });
    const staged = preCommit(repo);
    expect(staged.status).toBe(2);
    expect(staged.stderr).toContain('a directory');
    repo.commit({});
    const since = secgate(repo, ['scan', '--since', 'HEAD']);
    expect(since.status).toBe(2);
    expect(since.stderr).toContain('a directory');
  });

  it('a linked .bandit is refused too', () => {
    const repo = gitRepo();
    symlinkSync('/etc/hostname', join(repo.root, '.bandit'));
    repo.git('add', '.bandit');
    repo.stage({ 'app.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(repo.root, '.bandit'));
  });

  it.each([
    ['.secgaterc.json', `{\n  "failOn": "high" oops\n  "token": "${SECRET}"\n}\n`, '"oops"'],
    ['.secgaterc.yaml', `failOn: high\n  bad: [indent\ntoken: ${SECRET}\n`, 'line'],
    ['pyproject.toml', `[tool.secgate]\nfailOn = high\ntoken = "${SECRET}"\n`, '"high"'],
    ['package.json', `{"name": "demo", "secgate": {"failOn": }, "token": "${SECRET}"}`, '"}"'],
  ])('invalid %s: the error names the place, printed once, without the next line', (name, text, token) => {
    const repo = gitRepo();
    repo.stage({ [name]: text, 'app.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(token);
    expect(output(result)).not.toContain(SECRET);
    expect(result.stderr.split(join(repo.root, name))).toHaveLength(2);
    expect(result.stderr).not.toContain('internal error');
  });

  it('a wrong value that is a long string is cut short in the message', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: `${'x'.repeat(60)}${SECRET}` }), 'app.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('failOn');
    expect(result.stderr).not.toContain(SECRET);
  });
});

describe('refused configurations: exit 2, naming the files', () => {
  it.each(['.secgaterc.js', '.secgaterc.cjs', '.secgaterc.mjs', '.secgaterc.ts'])('%s alone', (name) => {
    const repo = gitRepo();
    repo.stage({ [name]: 'module.exports = { code: { enabled: false } };\n', 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(repo.root, name));
    expect(result.stderr).toContain('executable');
  });

  it.each([
    [{ '.secgaterc': 'failOn: high\n', '.secgaterc.json': '{"failOn": "low"}' }, ['.secgaterc', '.secgaterc.json']],
    [{ '.secgaterc.json': '{}', 'pyproject.toml': '[tool.secgate]\nfailOn = "high"\n' }, ['.secgaterc.json', 'pyproject.toml']],
    [{ '.secgaterc.yml': 'failOn: high\n', 'package.json': '{"secgate": {}}' }, ['package.json', '.secgaterc.yml']],
  ])('two configs at once: %j', (files, names) => {
    const repo = gitRepo();
    repo.stage({ ...files, 'app.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    for (const name of names) expect(result.stderr).toContain(join(repo.root, name));
  });

  it('package.json without a secgate key and pyproject.toml without [tool.secgate] do not count as a second config', () => {
    const repo = gitRepo();
    repo.stage({
      '.secgaterc.json': IGNORE_B602,
      'package.json': '{"name": "demo"}',
      'pyproject.toml': '[project]\nname = "demo"\n',
      'deploy.py': HIGH_B602,
    });
    expect(preCommit(repo).status).toBe(0);
  });

  it('$import is refused: it would read another file', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ $import: './other.json' }), 'app.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('$import');
  });

  it('code.banditConfig outside the repository is refused', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ code: { banditConfig: '/etc/bandit.yaml' } }), 'app.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('code.banditConfig');
  });

  it('an ignore whose reason is only spaces or a placeholder is refused', () => {
    for (const reason of ['      ', '...', '\u200b\u200b\u200b']) {
      const repo = gitRepo();
      repo.stage({ '.secgaterc.json': JSON.stringify({ ignore: [{ id: 'B602', reason }] }), 'deploy.py': HIGH_B602 });
      const result = preCommit(repo);
      expect(result.status, JSON.stringify(reason)).toBe(2);
      expect(result.stderr).toContain('ignore[0].reason');
    }
  });

  it('SECGATE_BYPASS=x is refused: no reason in words', () => {
    for (const value of ['x', '-', '...', '\u200b\u200b']) {
      const repo = gitRepo();
      repo.stage({ 'deploy.py': HIGH_B602 });
      const result = preCommit(repo, { SECGATE_BYPASS: value });
      expect(result.status, JSON.stringify(value)).toBe(2);
      expect(result.stderr).toContain('gives no reason');
    }
  });
});
