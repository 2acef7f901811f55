import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedInstallation } from '../../../src/hooks/script.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { ENTRY, hookRepo, mode, read, script, secgate } from './support.js';

describe('secgate install', () => {
  it('writes both hooks, executable, recording this node and this bin', () => {
    const repo = hookRepo();
    const result = secgate(repo, ['install']);
    expect(result.status).toBe(0);
    for (const hook of ['pre-commit', 'pre-push']) {
      const path = join(repo.root, '.git', 'hooks', hook);
      expect(result.stdout).toContain(path);
      expect(mode(path) & 0o111).toBe(0o111);
      expect(recordedInstallation(readFileSync(path, 'utf8'))).toEqual({ node: process.execPath, entry: ENTRY });
    }
  });

  it('installs only the hooks named with --hook, and refuses unknown ones', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install', '--hook', 'pre-push']).status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-push'))).toBe(true);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    const unknown = secgate(repo, ['install', '--hook', 'post-commit']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('post-commit');
    expect(secgate(repo, ['install', '--frobnicate']).status).toBe(2);
  });

  it('is idempotent: the same bytes, and never chained to itself', () => {
    const repo = hookRepo();
    secgate(repo, ['install']);
    const first = read(join(repo.root, '.git', 'hooks', 'pre-commit'));
    const again = secgate(repo, ['install']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already installed');
    expect(read(join(repo.root, '.git', 'hooks', 'pre-commit'))).toEqual(first);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit.secgate-previous'))).toBe(false);
  });

  it('moves an existing hook aside and uninstall puts it back byte for byte, mode included', () => {
    const repo = hookRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    // CRLF and bytes that are not UTF-8: a copy through a string would change them.
    const original = Buffer.concat([Buffer.from('#!/bin/sh\r\necho mine\r\n# '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]);
    script(join(hooks, 'pre-commit'), original, 0o750);
    const installed = secgate(repo, ['install']);
    expect(installed.stdout).toContain('pre-commit.secgate-previous');
    expect(read(join(hooks, 'pre-commit.secgate-previous'))).toEqual(original);
    // Installing again must not move secgate's own hook over the kept one.
    secgate(repo, ['install']);
    expect(read(join(hooks, 'pre-commit.secgate-previous'))).toEqual(original);

    const removed = secgate(repo, ['uninstall']);
    expect(removed.status).toBe(0);
    expect(read(join(hooks, 'pre-commit'))).toEqual(original);
    expect(mode(join(hooks, 'pre-commit'))).toBe(0o750);
    expect(existsSync(join(hooks, 'pre-commit.secgate-previous'))).toBe(false);
    expect(existsSync(join(hooks, 'pre-push'))).toBe(false);
  });

  it('keeps a symlinked hook a symlink', () => {
    const repo = hookRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    script(join(repo.root, 'hook.sh'), '#!/bin/sh\nexit 0\n');
    symlinkSync('../../hook.sh', join(hooks, 'pre-push'));
    secgate(repo, ['install']);
    expect(lstatSync(join(hooks, 'pre-push.secgate-previous')).isSymbolicLink()).toBe(true);
    secgate(repo, ['uninstall']);
    expect(readlinkSync(join(hooks, 'pre-push'))).toBe('../../hook.sh');
  });

  it('refuses to lose a hook when one was already moved aside and another took its place', () => {
    const repo = hookRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    script(join(hooks, 'pre-commit'), '#!/bin/sh\necho first\n');
    secgate(repo, ['install']);
    script(join(hooks, 'pre-commit'), '#!/bin/sh\necho second\n');
    const result = secgate(repo, ['install']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pre-commit.secgate-previous');
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toContain('second');
    expect(readFileSync(join(hooks, 'pre-commit.secgate-previous'), 'utf8')).toContain('first');
  });

  it('says which file it could not write (exit 3), not an internal error', () => {
    const repo = hookRepo();
    rmSync(join(repo.root, '.git', 'hooks'), { recursive: true, force: true });
    writeFileSync(join(repo.root, '.git', 'hooks'), 'a file where the hooks directory should be');
    const result = secgate(repo, ['install']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`Cannot write ${join(repo.root, '.git', 'hooks', 'pre-commit')}`);
    expect(result.stderr).not.toContain('internal error');
  });

  it('does nothing and exits 0 in CI', () => {
    const repo = hookRepo();
    for (const CI of ['true', '1']) {
      const result = secgate(repo, ['install'], { CI });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('CI');
    }
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(secgate(repo, ['install'], { CI: 'false' }).status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });

  it('does nothing and exits 0 outside a work tree: a plain folder or a bare repository', () => {
    const repo = hookRepo();
    const outside = tempDir();
    const plain = runCli(['install'], { cwd: outside, env: repo.env });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('not inside a git work tree');
    const bare = gitRepo({}, { bare: true });
    expect(runCli(['install'], { cwd: bare.root, env: bare.env }).status).toBe(0);
    expect(existsSync(join(bare.root, 'hooks', 'pre-commit'))).toBe(false);
    expect(runCli(['uninstall'], { cwd: outside, env: repo.env }).status).toBe(0);
  });

  it('installs into the shared hooks directory from a linked worktree', () => {
    const repo = hookRepo();
    repo.commit({ 'a.txt': 'a' });
    const worktree = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', worktree);
    expect(secgate(repo, ['install'], {}, worktree).status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.root, '.git', 'worktrees', 'wt', 'hooks'))).toBe(false);
  });

  it('installs into a submodule own git directory', () => {
    const library = hookRepo();
    library.commit({ 'lib.txt': 'lib' });
    const repo = hookRepo();
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library.root, 'vendor/lib');
    const result = secgate(repo, ['install'], {}, join(repo.root, 'vendor', 'lib'));
    expect(result.status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'modules', 'vendor', 'lib', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });
});

describe('core.hooksPath', () => {
  it('set to a directory secgate does not know: refused, naming the setting and the options; --force installs there', () => {
    const repo = hookRepo();
    mkdirSync(join(repo.root, 'githooks'));
    repo.git('config', 'core.hooksPath', 'githooks');
    const refused = secgate(repo, ['install']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('core.hooksPath');
    expect(refused.stderr).toContain('--force');
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(join(repo.root, 'githooks', 'pre-commit'))).toBe(false);

    expect(secgate(repo, ['install', '--force']).status).toBe(0);
    expect(existsSync(join(repo.root, 'githooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('set globally: refused as well, saying it is global', () => {
    const repo = hookRepo();
    const global = join(repo.home, 'hooks');
    writeFileSync(join(repo.home, '.gitconfig'), `${readFileSync(join(repo.home, '.gitconfig'), 'utf8')}[core]\n\thooksPath = ${global}\n`);
    const refused = secgate(repo, ['install']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('global');
  });

  it('naming the default directory is no obstacle', () => {
    const repo = hookRepo();
    repo.git('config', 'core.hooksPath', '.git/hooks');
    expect(secgate(repo, ['install']).status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });

  it('set after an install: uninstall still removes the hooks git now ignores', () => {
    const repo = hookRepo();
    secgate(repo, ['install']);
    mkdirSync(join(repo.root, 'githooks'));
    repo.git('config', 'core.hooksPath', 'githooks');
    const result = secgate(repo, ['uninstall']);
    expect(result.status).toBe(0);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-push'))).toBe(false);
  });
});

describe('secgate uninstall', () => {
  it('leaves hooks that are not secgate and says there was nothing to remove', () => {
    const repo = hookRepo();
    const hooks = join(repo.root, '.git', 'hooks');
    script(join(hooks, 'pre-push'), '#!/bin/sh\nexit 0\n');
    const result = secgate(repo, ['uninstall']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no secgate hooks');
    expect(readFileSync(join(hooks, 'pre-push'), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });

  it('takes no arguments', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['uninstall', 'now']).status).toBe(2);
  });
});
