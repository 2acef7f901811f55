import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookRepo, huskyLegacy, huskyV9, mode, read, secgate } from './support.js';

describe('install with husky', () => {
  it('v9: adds a marked block to .husky/<hook>, never writes into .husky/_ or .git/hooks, and uninstall undoes it exactly', () => {
    const repo = hookRepo();
    const userHook = 'npx lint-staged\n';
    huskyV9(repo, { 'pre-commit': userHook });
    const stubs = readdirSync(join(repo.root, '.husky', '_')).sort();
    const stub = read(join(repo.root, '.husky', '_', 'pre-commit'));

    const result = secgate(repo, ['install']);
    expect(result.status).toBe(0);
    const preCommit = readFileSync(join(repo.root, '.husky', 'pre-commit'), 'utf8');
    expect(preCommit).toMatch(/^# >>> secgate pre-commit/);
    expect(preCommit.endsWith(userHook)).toBe(true);
    expect(readFileSync(join(repo.root, '.husky', 'pre-push'), 'utf8')).toContain('secgate_run run pre-push "$@"');
    // Husky files are committed: no machine's paths in them.
    expect(preCommit).not.toContain(process.execPath);
    expect(readdirSync(join(repo.root, '.husky', '_')).sort()).toEqual(stubs);
    expect(read(join(repo.root, '.husky', '_', 'pre-commit'))).toEqual(stub);
    expect(existsSync(join(repo.root, '.git', 'hooks', 'pre-commit'))).toBe(false);

    const before = read(join(repo.root, '.husky', 'pre-commit'));
    expect(secgate(repo, ['install']).status).toBe(0);
    expect(read(join(repo.root, '.husky', 'pre-commit'))).toEqual(before);

    expect(secgate(repo, ['uninstall']).status).toBe(0);
    expect(readFileSync(join(repo.root, '.husky', 'pre-commit'), 'utf8')).toBe(userHook);
    // secgate created .husky/pre-push, so it goes again.
    expect(existsSync(join(repo.root, '.husky', 'pre-push'))).toBe(false);
  });

  it('v9: --force does not write over husky stubs', () => {
    const repo = hookRepo();
    huskyV9(repo);
    const stub = read(join(repo.root, '.husky', '_', 'pre-commit'));
    expect(secgate(repo, ['install', '--force']).status).toBe(0);
    expect(read(join(repo.root, '.husky', '_', 'pre-commit'))).toEqual(stub);
    expect(existsSync(join(repo.root, '.husky', 'pre-commit'))).toBe(true);
  });

  it('older husky: the block goes after husky.sh, a created file is executable, uninstall restores', () => {
    const repo = hookRepo();
    const userHook = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpm test\n';
    huskyLegacy(repo, { 'pre-commit': userHook });
    expect(secgate(repo, ['install']).status).toBe(0);
    const preCommit = readFileSync(join(repo.root, '.husky', 'pre-commit'), 'utf8');
    expect(preCommit.startsWith('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n# >>> secgate pre-commit')).toBe(true);
    expect(mode(join(repo.root, '.husky', 'pre-push')) & 0o111).toBe(0o111);
    expect(secgate(repo, ['uninstall']).status).toBe(0);
    expect(readFileSync(join(repo.root, '.husky', 'pre-commit'), 'utf8')).toBe(userHook);
  });
});
