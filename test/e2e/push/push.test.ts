import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, HIGH_B602, requireBanditAndBuild } from '../../integration/gate/support.js';
import { gitRepo } from '../../helpers/git-repo.js';
import { git, hookedRepo, remoteRef } from './support.js';

beforeAll(requireBanditAndBuild);

/** The report line that names the commit that introduced a finding's file, and the ref it is pushed on. */
const pushedIn = (ref: string, commit: string) => `introduced in ${commit.slice(0, 12)}, pushed on ${ref}`;

describe('git push through secgate pre-push', () => {
  it('a first push of unsafe code is refused; the remote gets nothing', () => {
    const { repo, remote } = hookedRepo();
    const sha = repo.commit({ 'deploy.py': HIGH_B602 });
    const pushed = git(repo, ['push', 'origin', 'main']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toMatch(/BLOCK\s+HIGH B602\b/);
    expect(pushed.output).toContain(pushedIn('refs/heads/main', sha));
    expect(pushed.output).toContain('failed to push some refs');
    expect(remoteRef(remote, 'refs/heads/main')).toBeUndefined();
  });

  it('a first push of clean code goes through', () => {
    const { repo, remote } = hookedRepo();
    const sha = repo.commit({ 'app.py': CLEAN, 'README.md': 'hello\n' });
    const pushed = git(repo, ['push', 'origin', 'main']);
    expect(pushed.status).toBe(0);
    expect(pushed.output).toMatch(/secgate: passed: 0 blocking/);
    expect(remoteRef(remote, 'refs/heads/main')).toBe(sha);
  });

  it('a commit made with --no-verify while the working tree is clean is stopped at the push', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.write({ 'deploy.py': HIGH_B602 });
    repo.git('add', 'deploy.py');
    repo.git('commit', '-q', '--no-verify', '-m', 'sneak it in');
    const sha = repo.git('rev-parse', 'HEAD').trim();
    expect(repo.git('status', '--porcelain')).toBe('');

    const pushed = git(repo, ['push', 'origin', 'main']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain(pushedIn('refs/heads/main', sha));
    expect(remoteRef(remote, 'refs/heads/main')).not.toBe(sha);
  });

  it('a new branch is judged on its own commits: unsafe code already on the remote does not block it', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'legacy.py': HIGH_B602 });
    expect(git(repo, ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    repo.git('checkout', '-q', '-b', 'feature');
    const sha = repo.commit({ 'app.py': CLEAN });
    const pushed = git(repo, ['push', 'origin', 'feature']);
    expect(pushed.status).toBe(0);
    expect(pushed.output).not.toContain('legacy.py');
    expect(remoteRef(remote, 'refs/heads/feature')).toBe(sha);
  });

  it('a new branch whose tip removed the finding is still refused: the unsafe commit would reach the remote’s history', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.git('checkout', '-q', '-b', 'fix');
    const unsafe = repo.commit({ 'deploy.py': HIGH_B602 }, 'unsafe');
    const tip = repo.commit({ 'deploy.py': CLEAN }, 'fixed');
    const pushed = git(repo, ['push', 'origin', 'fix']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toMatch(/BLOCK\s+HIGH B602\b/);
    expect(pushed.output).toContain(pushedIn('refs/heads/fix', unsafe));
    expect(remoteRef(remote, 'refs/heads/fix')).toBeUndefined();
    // Squashed away, the history no longer holds it.
    repo.git('reset', '-q', '--soft', 'main');
    repo.git('commit', '-q', '--no-verify', '-m', 'fixed, squashed');
    expect(git(repo, ['push', 'origin', 'fix']).status).toBe(0);
    expect(remoteRef(remote, 'refs/heads/fix')).not.toBe(tip);
  });

  it('with a pushurl, commits fetched from the url are judged when they go to the pushurl', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'legacy.py': HIGH_B602 });
    expect(git(repo, ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    const mirror = gitRepo({}, { bare: true });
    repo.git('remote', 'set-url', '--push', 'origin', mirror.root);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ 'app.py': CLEAN });
    const pushed = git(repo, ['push', 'origin', 'feature']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('legacy.py');
    expect(remoteRef(mirror, 'refs/heads/feature')).toBeUndefined();
    expect(remoteRef(remote, 'refs/heads/feature')).toBeUndefined();
  });

  it('after `git remote set-url`, a tracking ref the new server contradicts is not trusted', () => {
    const { repo } = hookedRepo();
    repo.commit({ 'legacy.py': HIGH_B602 });
    expect(git(repo, ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    const moved = gitRepo({}, { bare: true });
    repo.git('remote', 'set-url', 'origin', moved.root);
    const pushed = git(repo, ['push', 'origin', 'main']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('legacy.py');
    expect(remoteRef(moved, 'refs/heads/main')).toBeUndefined();
  });

  it('two refs, one bad: the whole push is refused and the report names the bad ref', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.git('checkout', '-q', '-b', 'good');
    repo.commit({ 'app.py': CLEAN });
    repo.git('checkout', '-q', 'main');
    repo.git('checkout', '-q', '-b', 'bad');
    const bad = repo.commit({ 'deploy.py': HIGH_B602 });

    const pushed = git(repo, ['push', 'origin', 'good', 'bad']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain(pushedIn('refs/heads/bad', bad));
    expect(pushed.output).not.toContain('refs/heads/good at');
    expect(remoteRef(remote, 'refs/heads/good')).toBeUndefined();
    expect(remoteRef(remote, 'refs/heads/bad')).toBeUndefined();
  });

  it('a force push after a rebase is judged on the rewritten commits', () => {
    const { repo, remote } = hookedRepo();
    const base = repo.commit({ 'README.md': 'hello\n' });
    repo.commit({ 'app.py': CLEAN });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.git('reset', '-q', '--hard', base);
    repo.write({ 'app.py': HIGH_B602 });
    repo.git('add', 'app.py');
    repo.git('commit', '-q', '--no-verify', '-m', 'rewritten');
    const rewritten = repo.git('rev-parse', 'HEAD').trim();

    const refused = git(repo, ['push', '--force', 'origin', 'main']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(pushedIn('refs/heads/main', rewritten));

    repo.write({ 'app.py': CLEAN });
    repo.git('commit', '-q', '--amend', '--no-verify', '-a', '-m', 'rewritten, fixed');
    const fixed = repo.git('rev-parse', 'HEAD').trim();
    expect(git(repo, ['push', '--force', 'origin', 'main']).status).toBe(0);
    expect(remoteRef(remote, 'refs/heads/main')).toBe(fixed);
  });

  it('deleting a branch scans nothing and goes through', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    repo.git('checkout', '-q', '-b', 'old');
    repo.commit({ 'deploy.py': HIGH_B602 });
    expect(git(repo, ['push', '-q', '--no-verify', 'origin', 'main', 'old']).status).toBe(0);
    const pushed = git(repo, ['push', 'origin', '--delete', 'old']);
    expect(pushed.status).toBe(0);
    expect(pushed.output).not.toContain('secgate:');
    expect(remoteRef(remote, 'refs/heads/old')).toBeUndefined();
  });

  it('an annotated tag is peeled: the commit it points to is judged and named', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.git('checkout', '-q', '--detach');
    const commit = repo.commit({ 'deploy.py': HIGH_B602 });
    repo.git('tag', '-a', '-m', 'release', 'v1');

    const pushed = git(repo, ['push', 'origin', 'v1']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain(pushedIn('refs/tags/v1', commit));
    expect(remoteRef(remote, 'refs/tags/v1')).toBeUndefined();
  });

  it('a push from a linked worktree judges that worktree’s branch and caches in the shared git directory', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    const worktree = join(repo.home, 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'topic', worktree);
    writeFileSync(join(worktree, 'deploy.py'), HIGH_B602);
    expect(git(repo, ['add', 'deploy.py'], worktree).status).toBe(0);
    expect(git(repo, ['commit', '-q', '--no-verify', '-m', 'in the worktree'], worktree).status).toBe(0);
    const sha = git(repo, ['rev-parse', 'HEAD'], worktree).output.trim();

    const pushed = git(repo, ['push', 'origin', 'topic'], worktree);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain(pushedIn('refs/heads/topic', sha));
    expect(remoteRef(remote, 'refs/heads/topic')).toBeUndefined();
    expect(existsSync(join(repo.root, '.git', 'secgate', 'cache'))).toBe(true);
  });

  it('a local ref with spaces (a reflog date) is read whole, and its push judged', () => {
    const { repo, remote } = hookedRepo();
    repo.commit({ 'README.md': 'hello\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    const sha = repo.commit({ 'deploy.py': HIGH_B602 });
    const pushed = git(repo, ['push', 'origin', 'HEAD@{0 minutes ago}:refs/heads/dated']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain(pushedIn('refs/heads/dated', sha));
    expect(remoteRef(remote, 'refs/heads/dated')).toBeUndefined();
  });
});
