import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { CLEAN, HIGH_B602, LOW_ASSERT, output, preCommit, requireBanditAndBuild, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

/** Everything a user could see of the work tree and the index, read without taking any lock. */
function snapshot(repo: TestRepo, files: string[]) {
  const git = (...args: string[]) => repo.git('--no-optional-locks', ...args);
  return {
    status: git('status', '--porcelain=v1', '-z', '--untracked-files=all'),
    diff: git('diff', '--binary'),
    cached: git('diff', '--cached', '--binary'),
    stashes: git('stash', 'list'),
    stage: git('ls-files', '--stage', '-z'),
    files: Object.fromEntries(files.map((f) => [f, readFileSync(join(repo.root, f)).toString('base64')])),
  };
}

describe('partially staged files are judged by what will be committed', () => {
  it('clean staged + vulnerable unstaged passes; nothing in the work tree or index changes', () => {
    const repo = gitRepo();
    repo.commit({ 'app.py': 'x = 1\n', 'other.py': 'y = 2\n' });
    repo.stage({ 'app.py': CLEAN });
    repo.write({ 'app.py': HIGH_B602, 'untracked.py': HIGH_B602 });
    const before = snapshot(repo, ['app.py', 'untracked.py']);
    const indexBefore = readFileSync(join(repo.root, '.git', 'index'));
    const result = preCommit(repo);
    const indexAfter = readFileSync(join(repo.root, '.git', 'index'));
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('B602');
    expect(output(result)).not.toContain('untracked.py');
    expect(indexAfter.equals(indexBefore)).toBe(true);
    const after = snapshot(repo, ['app.py', 'untracked.py']);
    expect(after).toEqual(before);
    expect(after.stashes).toBe('');
    expect(after.diff).toContain('shell=True');
  });

  it('vulnerable staged + clean unstaged blocks; nothing in the work tree or index changes', () => {
    const repo = gitRepo();
    repo.commit({ 'app.py': 'x = 1\n' });
    repo.stage({ 'app.py': HIGH_B602 });
    repo.write({ 'app.py': CLEAN });
    const before = snapshot(repo, ['app.py']);
    const indexBefore = readFileSync(join(repo.root, '.git', 'index'));
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'app.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
    expect(readFileSync(join(repo.root, '.git', 'index')).equals(indexBefore)).toBe(true);
    const after = snapshot(repo, ['app.py']);
    expect(after).toEqual(before);
    expect(after.stashes).toBe('');
    expect(readFileSync(join(repo.root, 'app.py'), 'utf8')).toBe(CLEAN);
  });

  it('a file staged in hunks (add -p style): only the staged hunk is judged', () => {
    const repo = gitRepo();
    const base = 'import subprocess\n\n\ndef a(cmd):\n    return cmd\n\n\n\n\n\n\n\ndef b(cmd):\n    return cmd\n';
    repo.commit({ 'two.py': base });
    // Stage a version where only the first function changed (safe), leave an unsafe change to the second unstaged.
    const stagedVersion = base.replace('def a(cmd):\n    return cmd', 'def a(cmd):\n    return [cmd]');
    const workVersion = stagedVersion.replace('def b(cmd):\n    return cmd', 'def b(cmd):\n    return subprocess.Popen(cmd, shell=True)');
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: repo.root,
      env: repo.env,
      input: stagedVersion,
      encoding: 'utf8',
    }).trim();
    repo.git('update-index', '--cacheinfo', `100644,${blob},two.py`);
    repo.write({ 'two.py': workVersion });
    expect(repo.git('diff', '--cached')).toContain('return [cmd]');
    expect(repo.git('diff')).toContain('shell=True');
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('B602');
  });
});

describe('GIT_INDEX_FILE', () => {
  it('an alternate index is honoured: its staged file is judged, the default index is not', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    const alternate = join(repo.home, 'alt-index');
    const withAlt = { ...repo.env, GIT_INDEX_FILE: alternate };
    repo.write({ 'deploy.py': HIGH_B602 });
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: repo.root, env: withAlt });
    execFileSync('git', ['add', '--', 'deploy.py'], { cwd: repo.root, env: withAlt });
    // The default index has nothing staged.
    expect(repo.git('diff', '--cached', '--name-only')).toBe('');

    const viaAlternate = preCommit(repo, { GIT_INDEX_FILE: alternate });
    expect(viaAlternate.status).toBe(1);
    expect(sectionOf(viaAlternate.stdout, 'deploy.py').join('\n')).toContain('B602');

    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('the content is read from the alternate index, not from the default one', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    repo.stage({ 'app.py': HIGH_B602 }); // default index: vulnerable
    const alternate = join(repo.home, 'alt-index');
    const withAlt = { ...repo.env, GIT_INDEX_FILE: alternate };
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: repo.root, env: withAlt });
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: repo.root,
      env: repo.env,
      input: LOW_ASSERT,
      encoding: 'utf8',
    }).trim();
    execFileSync('git', ['update-index', '--add', '--cacheinfo', `100644,${blob},app.py`], { cwd: repo.root, env: withAlt });

    const result = preCommit(repo, { GIT_INDEX_FILE: alternate });
    expect(result.status).toBe(0);
    expect(sectionOf(result.stdout, 'app.py').join('\n')).toContain('B101');
    expect(output(result)).not.toContain('B602');
  });

  it('an unborn branch with an alternate index', () => {
    const repo = gitRepo();
    const alternate = join(repo.home, 'alt-index');
    repo.write({ 'deploy.py': HIGH_B602 });
    execFileSync('git', ['add', '--', 'deploy.py'], { cwd: repo.root, env: { ...repo.env, GIT_INDEX_FILE: alternate } });
    expect(preCommit(repo, { GIT_INDEX_FILE: alternate }).status).toBe(1);
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('through a real `git commit` (a hand-written pre-commit hook)', () => {
  function withHook() {
    const repo = gitRepo();
    repo.commit({ 'clean.py': 'x = 1\n', 'app.py': 'y = 1\n' });
    const hook = join(repo.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' run pre-commit\n`);
    chmodSync(hook, 0o755);
    const commit = (...args: string[]) =>
      spawnSync('git', ['commit', '-q', '-m', 'msg', ...args], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
    return { repo, commit };
  }

  it('git commit with a vulnerable staged file is refused', () => {
    const { repo, commit } = withHook();
    const head = repo.git('rev-parse', 'HEAD');
    repo.stage({ 'app.py': HIGH_B602 });
    const result = commit();
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('B602');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
  });

  it('git commit -a judges the modified tracked files (git points GIT_INDEX_FILE at index.lock)', () => {
    const { repo, commit } = withHook();
    const head = repo.git('rev-parse', 'HEAD');
    repo.write({ 'app.py': HIGH_B602 });
    const result = commit('-a');
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('B602');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    // The refused commit left the change unstaged, as before.
    expect(repo.git('diff', '--name-only').trim()).toBe('app.py');
  });

  it('git commit --only <clean file> passes although a vulnerable file is staged (a temporary index)', () => {
    const { repo, commit } = withHook();
    const head = repo.git('rev-parse', 'HEAD');
    repo.stage({ 'app.py': HIGH_B602 });
    repo.write({ 'clean.py': 'x = 2\n' });
    const result = commit('--only', 'clean.py');
    expect(result.status).toBe(0);
    expect(repo.git('rev-parse', 'HEAD')).not.toBe(head);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('clean.py');
    // The vulnerable file is still staged, untouched.
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('app.py');
  });
});
