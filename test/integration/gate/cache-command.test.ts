import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, gitRepo, tempDir } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { formatBytes } from '../../../src/report/units.js';
import { HIGH_B602, LOW_ASSERT, cacheDir, cacheFiles, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** A repository whose cache holds the results of two files. */
function warmed() {
  const repo = gitRepo();
  repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
  expect(preCommit(repo).status).toBe(1);
  expect(cacheFiles(repo)).toHaveLength(2);
  return repo;
}

const totalBytes = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);

describe('secgate cache stats', () => {
  it('shows the entries, their size, the location and the bound', () => {
    const repo = warmed();
    const result = secgate(repo, ['cache', 'stats']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`location  ${cacheDir(repo)}\n`);
    expect(result.stdout).toMatch(/^entries {3}2$/m);
    expect(result.stdout).toContain(`size      ${formatBytes(totalBytes(cacheFiles(repo)))}\n`);
    expect(result.stdout).toMatch(/^bound {5}20000 entries \(cache\.maxEntries\)/m);
  });

  it('an empty cache is 0 entries, not an error', () => {
    const repo = gitRepo();
    const result = secgate(repo, ['cache', 'stats']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^entries {3}0$/m);
    expect(result.stdout).toContain('size      0 B\n');
  });

  it('shows the configured bound, and says when the cache is disabled', () => {
    const repo = gitRepo();
    repo.stage({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 500 } }) });
    expect(secgate(repo, ['cache', 'stats']).stdout).toMatch(/^bound {5}500 entries/m);
    repo.stage({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 0 } }) });
    expect(secgate(repo, ['cache', 'stats']).stdout).toMatch(/^bound {5}none: the cache is disabled/m);
  });

  it('from a linked worktree, in a subfolder, shows the one cache all worktrees share', () => {
    const repo = warmed();
    repo.commit({ 'README.md': 'x\n' });
    const linked = join(dirname(repo.root), 'linked');
    repo.git('worktree', 'add', '-q', '-b', 'other', linked);
    mkdirSync(join(linked, 'sub'));
    const result = secgate(repo, ['cache', 'stats'], {}, join(linked, 'sub'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`location  ${cacheDir(repo)}\n`);
    expect(result.stdout).toMatch(/^entries {3}2$/m);
  });

  it('an invalid config is reported (exit 2): the bound cannot be known', () => {
    const repo = warmed();
    repo.stage({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: -1 } }) });
    const result = secgate(repo, ['cache', 'stats']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('maxEntries');
  });
});

describe('secgate cache clear', () => {
  it('removes the cache directory and says what it removed; the next run scans afresh', () => {
    const repo = warmed();
    const bytes = formatBytes(totalBytes(cacheFiles(repo)));
    const result = secgate(repo, ['cache', 'clear']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`secgate: removed the cache ${cacheDir(repo)}: 2 entries, ${bytes}\n`);
    expect(existsSync(cacheDir(repo))).toBe(false);
    // Nothing left beside it either (it is renamed aside before it is removed).
    expect(existsSync(join(repo.root, '.git', 'secgate'))).toBe(true);
    expect(secgate(repo, ['cache', 'stats']).stdout).toMatch(/^entries {3}0$/m);
    expect(preCommit(repo).stdout).toMatch(/in 2 files \(0 from cache\)/);
  });

  it('with no cache, says so and exits 0', () => {
    const repo = gitRepo();
    const result = secgate(repo, ['cache', 'clear']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`secgate: there is no cache at ${cacheDir(repo)}; nothing was removed.\n`);
  });

  it('works even when the config is broken', () => {
    const repo = warmed();
    repo.stage({ '.secgaterc.json': '{ not json' });
    const result = secgate(repo, ['cache', 'clear']);
    expect(result.status).toBe(0);
    expect(existsSync(cacheDir(repo))).toBe(false);
  });

  it('also removes what an interrupted clear left behind', () => {
    const repo = warmed();
    const leftover = join(repo.root, '.git', 'secgate', 'cache.12345.abcd.removing');
    mkdirSync(join(leftover, 'ab'), { recursive: true });
    writeFileSync(join(leftover, 'ab', 'cd.json'), '{}');
    expect(secgate(repo, ['cache', 'clear']).status).toBe(0);
    expect(existsSync(leftover)).toBe(false);
  });
});

describe('secgate cache: usage errors (exit 2) and outside a repository (exit 3)', () => {
  it.each([
    [['cache', 'bogus'], 'secgate cache bogus: the actions are `stats` and `clear`.'],
    [['cache'], 'Which action?'],
    [['cache', 'stats', 'extra'], 'takes no arguments (got: extra)'],
    [['cache', 'clear', '--force'], "Unknown option '--force'"],
  ])('secgate %j', (args, message) => {
    const repo = warmed();
    const result = secgate(repo, args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    // A usage error touches nothing.
    expect(cacheFiles(repo)).toHaveLength(2);
  });

  it.each([['stats'], ['clear']])('secgate cache %s outside a git repository', (action) => {
    const home = tempDir();
    const cwd = tempDir();
    const result = runCli(['cache', action], { cwd, env: cleanEnv(home, { GIT_CEILING_DIRECTORIES: dirname(cwd) }) });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`${cwd} is not inside a git work tree.`);
    expect(result.stderr).toContain('Run secgate from inside a git repository.');
  });
});
