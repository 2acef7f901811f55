import { describe, expect, it } from 'vitest';
import { plannedEntries, pushSource } from '../../../src/git/pushed.js';
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

describe('plannedEntries for a new range', () => {
  it('a merge counts with what it changed against its first parent; a root commit with its whole tree', async () => {
    const repo = gitRepo();
    const root = repo.commit({ 'a.py': 'x = 1\n', 'sub/b.py': 'x = 2\n' });
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit({ 'side.py': 'x = 3\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'main.py': 'x = 4\n' });
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    const paths = async (exclude: string[]) =>
      (await plannedEntries(repo.root, { kind: 'new', commit: merge, exclude })).map((entry) => entry.path).sort();

    expect(await paths([])).toEqual(['a.py', 'main.py', 'side.py', 'sub/b.py']);
    // Only the merge and main.py's commit are new: the merge brings side.py onto main.
    expect(await paths(['side'])).toEqual(['main.py', 'side.py']);
    expect(await paths([root, 'side', 'main~1'])).toEqual(['side.py']);
    expect(await paths([merge])).toEqual([]);
  });

  it('each path is taken at the pushed commit, with its blob there', async () => {
    const repo = gitRepo();
    repo.commit({ 'a.py': 'x = 1\n', 'gone.py': 'y = 1\n' });
    repo.git('rm', '-q', 'gone.py');
    const tip = repo.commit({ 'a.py': 'x = 2\n' });
    const entries = await plannedEntries(repo.root, { kind: 'new', commit: tip, exclude: [] });
    expect(entries).toEqual([{ path: 'a.py', blob: repo.git('rev-parse', `${tip}:a.py`).trim(), mode: '100644' }]);
  });
});
