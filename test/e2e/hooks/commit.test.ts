import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installPlainHook } from '../../../src/hooks/plain.js';
import { recordedInstallation } from '../../../src/hooks/script.js';
import { tempDir } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import {
  CLEAN_PY,
  INSECURE_PY,
  gitRun,
  hookRepo,
  huskyV9,
  read,
  script,
  secgate,
  thinPath,
  which,
} from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

describe('the installed pre-commit hook', () => {
  it('runs secgate on git commit: insecure code is blocked, clean code passes', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install']).status).toBe(0);
    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = commit(repo);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
    expect(head(repo)).toBeUndefined();

    repo.stage({ 'app.py': CLEAN_PY });
    expect(commit(repo).status).toBe(0);
    expect(head(repo)).toBeDefined();
  });

  it('runs a hook that was there first; its failure stops the commit before secgate; uninstall leaves it alone again', () => {
    const repo = hookRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    const trace = join(repo.home, 'trace');
    script(
      join(hooks, 'pre-commit'),
      `#!/bin/sh\necho "previous ran" >> '${trace}'\nif [ -f .fail ]; then echo "previous says no" >&2; exit 7; fi\n`,
    );
    const original = read(join(hooks, 'pre-commit'));
    expect(secgate(repo, ['install']).status).toBe(0);

    repo.stage({ 'app.py': CLEAN_PY });
    expect(commit(repo).status).toBe(0);
    expect(readFileSync(trace, 'utf8')).toBe('previous ran\n');

    repo.write({ '.fail': '' });
    repo.stage({ 'app.py': INSECURE_PY });
    const stopped = commit(repo);
    expect(stopped.status).not.toBe(0);
    expect(stopped.stderr).toContain('previous says no');
    // secgate never got to look: its report is absent.
    expect(stopped.stdout + stopped.stderr).not.toContain('B602');

    expect(secgate(repo, ['uninstall']).status).toBe(0);
    expect(read(join(hooks, 'pre-commit'))).toEqual(original);
    rmSync(join(repo.root, '.fail'));
    // Only the original hook is left: the insecure file is no longer secgate's business.
    expect(commit(repo).status).toBe(0);
  });

  it('runs in a linked worktree, from the shared hooks directory', () => {
    const repo = hookRepo();
    repo.commit({ 'README.md': 'hi' });
    const worktree = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', worktree);
    expect(secgate(repo, ['install'], {}, worktree).status).toBe(0);
    const hooksDir = (cwd: string) =>
      gitRun(cwd, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], { env: repo.env }).stdout.trim();
    expect(hooksDir(worktree)).toBe(hooksDir(repo.root));

    writeFileSync(join(worktree, 'app.py'), INSECURE_PY);
    expect(gitRun(worktree, ['add', 'app.py'], { env: repo.env }).status).toBe(0);
    const blocked = commit(repo, repo.env, worktree);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
  });

  it('finds secgate through the recorded paths under `env -i` with a PATH that has no node', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install']).status).toBe(0);
    // Only git and Bandit, as a GUI client may have it: no node, no secgate.
    const path = thinPath(['git', 'bandit']);
    expect(existsSync(join(path, 'node'))).toBe(false);
    const envInMinus = (args: string[]) =>
      // SECGATE_WORKER=0: a GUI client's bare environment would start a resident Bandit that outlives the test.
      spawnSync(which('env') ?? '/usr/bin/env', ['-i', `HOME=${repo.home}`, `PATH=${path}`, 'SECGATE_WORKER=0', ...args], {
        cwd: repo.root,
        encoding: 'utf8',
      });

    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = envInMinus(['git', 'commit', '-q', '-m', 'thin']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');

    repo.stage({ 'app.py': CLEAN_PY });
    expect(envInMinus(['git', 'commit', '-q', '-m', 'thin']).status).toBe(0);
  });

  it('also runs with the conventional thin PATH /usr/bin:/bin, where no secgate is', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install']).status).toBe(0);
    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = spawnSync(
      which('env') ?? '/usr/bin/env',
      ['-i', `HOME=${repo.home}`, 'PATH=/usr/bin:/bin', 'SECGATE_WORKER=0', 'git', 'commit', '-q', '-m', 'thin'],
      {
        cwd: repo.root,
        encoding: 'utf8',
      },
    );
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
  });

  it('fails closed, saying how to reinstall or skip, when the recorded node and secgate are gone and none is on PATH', async () => {
    const repo = hookRepo();
    const gone = join(tempDir(), 'gone');
    await installPlainHook(join(repo.root, '.git', 'hooks'), 'pre-commit', { node: join(gone, 'node'), entry: join(gone, 'secgate.js') });
    repo.stage({ 'notes.txt': 'nothing to scan, still no pass' });
    const result = commit(repo, { ...repo.env, PATH: thinPath(['git']) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cannot find secgate');
    expect(result.stderr).toContain('`secgate install` in this repository');
    expect(result.stderr).not.toContain('npx');
    expect(result.stderr).toContain('git commit --no-verify');
    expect(head(repo)).toBeUndefined();
  });

  it('with core.hooksPath and --force: installed in that directory, and git runs it', () => {
    const repo = hookRepo();
    mkdirSync(join(repo.root, 'githooks'));
    repo.git('config', 'core.hooksPath', 'githooks');
    expect(secgate(repo, ['install']).status).toBe(2);
    expect(secgate(repo, ['install', '--force']).status).toBe(0);
    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = commit(repo);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
  });

  it('with husky v9: husky runs the user hook and secgate from node_modules/.bin', () => {
    const repo = hookRepo({ '.gitignore': 'node_modules/\n' });
    const trace = join(repo.home, 'husky-trace');
    huskyV9(repo, { 'pre-commit': `echo "user hook ran" >> '${trace}'\n` });
    mkdirSync(join(repo.root, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(BIN, join(repo.root, 'node_modules', '.bin', 'secgate'));
    expect(secgate(repo, ['install']).status).toBe(0);

    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = commit(repo);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');

    repo.stage({ '.gitignore': 'node_modules/\n', 'app.py': CLEAN_PY });
    expect(commit(repo).status).toBe(0);
    expect(readFileSync(trace, 'utf8')).toBe('user hook ran\n');
  });
});

describe('paths with spaces and quotes', () => {
  it('a secgate and a repository under such paths: the hook runs the recorded secgate and the previous hook', () => {
    const repo = hookRepo();
    const odd = join(tempDir(), `it's a "dir" $HOME`);
    // A copy of this installation (bin, built dist, package.json), as a user's node_modules would hold it.
    const copy = join(odd, 'secgate');
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(dirname(BIN), '..', part), join(copy, part), { recursive: true });
    const clone = join(odd, 'the repo');
    repo.git('clone', '-q', repo.root, clone);
    gitRun(clone, ['config', 'user.name', 'Ana Lima'], { env: repo.env });
    gitRun(clone, ['config', 'user.email', 'ana@example.com'], { env: repo.env });
    const trace = join(odd, 'trace');
    script(join(clone, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\necho ran >> "${trace.replace(/(["$`\\])/g, '\\$1')}"\n`);
    const installed = spawnSync(process.execPath, [join(copy, 'bin', 'secgate.js'), 'install'], {
      cwd: clone,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(installed.status).toBe(0);
    expect(recordedInstallation(readFileSync(join(clone, '.git', 'hooks', 'pre-commit'), 'utf8')).entry).toBe(
      join(copy, 'bin', 'secgate.js'),
    );

    writeFileSync(join(clone, 'app.py'), INSECURE_PY);
    expect(gitRun(clone, ['add', 'app.py'], { env: repo.env }).status).toBe(0);
    // No node and no secgate on PATH: only the recorded, quoted paths can find it.
    const result = gitRun(clone, ['commit', '-q', '-m', 'odd'], { env: { ...repo.env, PATH: thinPath(['git', 'bandit']) } });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('B602');
    expect(readFileSync(trace, 'utf8')).toBe('ran\n');
  });
});
