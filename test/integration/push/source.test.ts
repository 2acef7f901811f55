import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pushSource, rangeCommits } from '../../../src/git/pushed.js';
import { gitRepo } from '../../helpers/git-repo.js';

describe('pushSource: where a multi-ref push reads content', () => {
  it('reads blobs by id, and a path from the first pushed commit that has it, never the working tree', async () => {
    const repo = gitRepo();
    const first = repo.commit({ 'requirements-base.txt': 'jinja2==2.10\n', 'only-first.txt': 'a\n' });
    repo.git('rm', '-q', 'only-first.txt');
    const second = repo.commit({ 'requirements-base.txt': 'jinja2==3.1.4\n', 'only-second.txt': 'b\n' });
    repo.write({ 'requirements-base.txt': 'from the working tree\n' });
    const blob = repo.git('rev-parse', `${first}:requirements-base.txt`).trim();

    const source = pushSource(repo.root, [first, second]);
    try {
      expect((await source.readPath('requirements-base.txt'))?.toString()).toBe('jinja2==2.10\n');
      expect((await source.readPath('only-second.txt'))?.toString()).toBe('b\n');
      expect(await source.readPath('nowhere.txt')).toBeUndefined();
      expect(await source.readPath('bad\nname.txt')).toBeUndefined();
      expect((await source.read({ path: 'anything', blob, mode: '100644' })).toString()).toBe('jinja2==2.10\n');
      expect((await source.listPaths()).sort()).toEqual(['only-first.txt', 'only-second.txt', 'requirements-base.txt']);
    } finally {
      source.close();
    }

    const reversed = pushSource(repo.root, [second, first]);
    try {
      expect((await reversed.readPath('requirements-base.txt'))?.toString()).toBe('jinja2==3.1.4\n');
    } finally {
      reversed.close();
    }
  });
});

describe('rangeCommits: what the commits of a push introduce, from one git log', () => {
  const introduced = async (repo: ReturnType<typeof gitRepo>, tips: string[], exclude: string[]) =>
    (await rangeCommits(repo.root, tips, exclude)).map((commit) => [commit.id, commit.entries.map((entry) => entry.path).sort()]);
  const rev = (repo: ReturnType<typeof gitRepo>, name: string) => repo.git('rev-parse', name).trim();

  it('a merge counts only what it brings itself (an evil resolution), a root commit its whole tree, parents first', async () => {
    const repo = gitRepo();
    const root = repo.commit({ 'a.py': 'x = 1\n', 'sub/b.py': 'x = 2\n' });
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit({ 'side.py': 'x = 3\n' });
    repo.git('checkout', '-q', 'main');
    const main = repo.commit({ 'main.py': 'x = 4\n' });
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
    repo.write({ 'a.py': 'evil = 1\n' });
    repo.git('commit', '-q', '--amend', '--no-verify', '-a', '--no-edit');
    const merge = rev(repo, 'HEAD');

    const all = await introduced(repo, [merge], []);
    expect(all[0]).toEqual([root, ['a.py', 'sub/b.py']]);
    expect(all.at(-1)).toEqual([merge, ['a.py']]);
    expect(all.map(([id]) => id).sort()).toEqual([root, side, main, merge].sort());
    // The server has side: its file is not the merge's, and not judged again.
    expect(await introduced(repo, [merge], [side])).toEqual([
      [main, ['main.py']],
      [merge, ['a.py']],
    ]);
    expect(await introduced(repo, [merge], [merge])).toEqual([]);
  });

  it('every version a range brings, even one a later commit removed, at its own blob', async () => {
    const repo = gitRepo();
    const base = repo.commit({ 'README.md': 'hello\n' });
    const added = repo.commit({ 'gone.py': 'y = 1\n' });
    repo.git('rm', '-q', 'gone.py');
    const removed = repo.commit({});
    const commits = await rangeCommits(repo.root, [removed], [base]);
    expect(commits.map((commit) => commit.id)).toEqual([added, removed]);
    expect(commits[0]?.entries).toEqual([{ path: 'gone.py', blob: rev(repo, `${added}:gone.py`), mode: '100644' }]);
    expect(commits[1]?.entries).toEqual([]);
  });

  it('a rename is the file at its new path; a mode change and a symlink are entries too', async () => {
    const repo = gitRepo();
    const base = repo.commit({ 'old.py': 'x = 1\n' });
    repo.git('mv', 'old.py', 'new.py');
    const renamed = repo.commit({});
    repo.git('update-index', '--chmod=+x', 'new.py');
    const executable = repo.commit({});
    symlinkSync('new.py', join(repo.root, 'link.py'));
    repo.git('add', 'link.py');
    const linked = repo.commit({});
    const commits = await rangeCommits(repo.root, [linked], [base]);
    expect(commits.map((commit) => [commit.id, commit.entries])).toEqual([
      [renamed, [{ path: 'new.py', blob: rev(repo, `${base}:old.py`), mode: '100644' }]],
      [executable, [{ path: 'new.py', blob: rev(repo, `${base}:old.py`), mode: '100755' }]],
      [linked, [{ path: 'link.py', blob: rev(repo, `${linked}:link.py`), mode: '120000' }]],
    ]);
  });

  it('a user config that would change git log’s output changes nothing', async () => {
    const repo = gitRepo();
    const sha = repo.commit({ 'a.py': 'x = 1\n' });
    for (const [key, value] of [
      ['log.showRoot', 'false'],
      ['diff.renames', 'copies'],
      ['log.diffMerges', 'first-parent'],
      ['format.pretty', 'oneline'],
      ['log.showSignature', 'true'],
      ['color.ui', 'always'],
      ['log.abbrevCommit', 'true'],
    ])
      repo.git('config', key as string, value as string);
    expect(await introduced(repo, [sha], [])).toEqual([[sha, ['a.py']]]);
  });
});
