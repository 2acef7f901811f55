import { beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, HIGH_B602, requireBanditAndBuild, sectionOf } from '../gate/support.js';
import { NULL_ID, prePush, pushedIn, pushRepo, pushUnchecked, refLine } from './support.js';

beforeAll(requireBanditAndBuild);

const B602 = /BLOCK\s+HIGH B602\b.*line 3\b/;

describe('secgate run pre-push: what is judged for each ref', () => {
  it('a first push judges the whole history, and the report names the ref and the commit', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'README.md': 'hello\n', 'deploy.py': HIGH_B602 });
    const result = prePush(push, refLine('refs/heads/main', sha, 'refs/heads/main'));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'deploy.py');
    expect(section.some((line) => B602.test(line))).toBe(true);
    expect(section.some((line) => line.includes(`${pushedIn('refs/heads/main', sha)}`))).toBe(true);
  });

  it('a fast-forward judges only the files changed since the commit the remote has', () => {
    const push = pushRepo();
    const before = push.repo.commit({ 'deploy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    const clean = push.repo.commit({ 'app.py': CLEAN });
    const passed = prePush(push, refLine('refs/heads/main', clean, 'refs/heads/main', before));
    expect(passed.status).toBe(0);
    expect(passed.stdout).not.toContain('deploy.py');

    // A touched file is judged again: its old finding (the server's commit had it) warns as inherited (issue 14)...
    const touched = push.repo.commit({ 'deploy.py': `# still unsafe\n${HIGH_B602}` });
    const inherited = prePush(push, refLine('refs/heads/main', touched, 'refs/heads/main', before));
    expect(inherited.status).toBe(0);
    expect(sectionOf(inherited.stdout, 'deploy.py').some((line) => /warn\s+HIGH B602\b.*line 4\b/.test(line))).toBe(true);
    // ...and a new finding in it blocks.
    const worse = push.repo.commit({ 'deploy.py': `# still unsafe\n${HIGH_B602}    subprocess.Popen(cmd + '2', shell=True)\n` });
    const blocked = prePush(push, refLine('refs/heads/main', worse, 'refs/heads/main', before));
    expect(blocked.status).toBe(1);
    expect(sectionOf(blocked.stdout, 'deploy.py').some((line) => /BLOCK\s+HIGH B602\b.*line 5\b/.test(line))).toBe(true);
  });

  it('a new branch is compared with what is on no ref of the remote', () => {
    const push = pushRepo();
    push.repo.commit({ 'deploy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '-b', 'feature');
    const clean = push.repo.commit({ 'app.py': CLEAN });
    expect(prePush(push, refLine('refs/heads/feature', clean, 'refs/heads/feature')).status).toBe(0);

    const bad = push.repo.commit({ 'tool.py': HIGH_B602 });
    const blocked = prePush(push, refLine('refs/heads/feature', bad, 'refs/heads/feature'));
    expect(blocked.status).toBe(1);
    expect(sectionOf(blocked.stdout, 'tool.py').some((line) => B602.test(line))).toBe(true);
    expect(sectionOf(blocked.stdout, 'deploy.py')).toEqual([]);
  });

  it('every version the pushed commits bring is judged: a finding a later commit of the push removed still blocks', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '-b', 'feature');
    const added = push.repo.commit({ 'deploy.py': HIGH_B602, 'gone.py': HIGH_B602 });
    push.repo.git('rm', '-q', 'gone.py');
    const tip = push.repo.commit({ 'deploy.py': CLEAN });
    const result = prePush(push, refLine('refs/heads/feature', tip, 'refs/heads/feature'));
    expect(result.status).toBe(1);
    // Both unsafe versions reach the remote's history; each names the commit that added it, not the tip.
    for (const path of ['deploy.py', 'gone.py']) {
      const section = sectionOf(result.stdout, path);
      expect(section.some((line) => B602.test(line))).toBe(true);
      expect(section).toContain(`          ${pushedIn('refs/heads/feature', added)}`);
    }
    // deploy.py twice (unsafe, then clean) and gone.py.
    expect(result.stdout).toMatch(/in 3 files\b/);
  });

  it('the working tree does not matter: what is committed is judged', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.write({ 'deploy.py': CLEAN });
    expect(prePush(push, refLine('refs/heads/main', sha, 'refs/heads/main')).status).toBe(1);
  });

  it('several refs are judged together: one bad ref blocks the push, and only it is named', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '-b', 'good');
    const good = push.repo.commit({ 'app.py': CLEAN });
    push.repo.git('checkout', '-q', 'main');
    push.repo.git('checkout', '-q', '-b', 'bad');
    const bad = push.repo.commit({ 'deploy.py': HIGH_B602 });
    const result = prePush(push, refLine('refs/heads/good', good, 'refs/heads/good') + refLine('refs/heads/bad', bad, 'refs/heads/bad'));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py').some((line) => line.includes(`${pushedIn('refs/heads/bad', bad)}`))).toBe(true);
    expect(result.stdout).not.toContain('refs/heads/good');
    expect(result.stdout).toMatch(/in 2 files\b/);
  });

  it('a file pushed on two refs is scanned once, and the report names both', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.git('branch', 'copy');
    const input = refLine('refs/heads/main', sha, 'refs/heads/main') + refLine('refs/heads/copy', sha, 'refs/heads/copy');
    const result = prePush(push, input);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'deploy.py');
    expect(section.filter((line) => B602.test(line))).toHaveLength(1);
    expect(section).toContain(`          ${pushedIn(['refs/heads/main', 'refs/heads/copy'], sha)}`);
    expect(result.stdout).toMatch(/in 1 file\b/);
  });

  it('deleting a remote branch is nothing to scan', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'deploy.py': HIGH_B602 });
    const result = prePush(push, refLine('(delete)', NULL_ID, 'refs/heads/old', sha));
    expect(result).toMatchObject({ status: 0, stdout: '' });
  });

  it('an annotated tag is judged at the commit it points to', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const commit = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.git('tag', '-a', '-m', 'release', 'v1');
    const tag = push.repo.git('rev-parse', 'v1').trim();
    expect(tag).not.toBe(commit);
    const result = prePush(push, refLine('refs/tags/v1', tag, 'refs/tags/v1'));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py')).toContain(`          ${pushedIn('refs/tags/v1', commit)}`);
  });

  it('a tag to a blob is nothing to scan, even when the blob is unsafe Python', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    push.repo.write({ 'loose.py': HIGH_B602 });
    const blob = push.repo.git('hash-object', '-w', 'loose.py').trim();
    push.repo.git('tag', 'blobtag', blob);
    const result = prePush(push, refLine('refs/tags/blobtag', blob, 'refs/tags/blobtag'));
    expect(result).toMatchObject({ status: 0, stdout: '' });
  });

  it('a force push after a rebase judges the rewritten commits, not what the remote had', () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'README.md': 'hello\n' });
    const old = push.repo.commit({ 'app.py': CLEAN });
    pushUnchecked(push, 'main');
    push.repo.git('reset', '-q', '--hard', base);
    const rewritten = push.repo.commit({ 'deploy.py': HIGH_B602 });
    const result = prePush(push, refLine('refs/heads/main', rewritten, 'refs/heads/main', old));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py')).toContain(`          ${pushedIn('refs/heads/main', rewritten)}`);
    expect(result.stdout).not.toContain('app.py');
  });

  it('a force push of a branch rebased onto an updated main judges the rebased commits, not main', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    push.repo.git('checkout', '-q', '-b', 'feature');
    const old = push.repo.commit({ 'app.py': CLEAN });
    pushUnchecked(push, 'main', 'feature');
    // Someone else's work, already on the remote's main (pushed before secgate was there).
    push.repo.git('checkout', '-q', 'main');
    push.repo.commit({ 'legacy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', 'feature');
    push.repo.git('rebase', '-q', 'main');
    const rebased = push.repo.git('rev-parse', 'HEAD').trim();
    const passed = prePush(push, refLine('refs/heads/feature', rebased, 'refs/heads/feature', old));
    expect(passed.status).toBe(0);
    expect(passed.stdout).not.toContain('legacy.py');
    expect(passed.stdout).toMatch(/in 1 file\b/);
  });

  it('a remote commit this repository lacks (a force push over it): the tracking ref of that branch is not trusted', () => {
    const push = pushRepo();
    push.repo.commit({ 'deploy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    const clean = push.repo.commit({ 'app.py': CLEAN });
    // The server's main is a commit we never saw: what our origin/main names may be gone from it.
    const unknown = 'e'.repeat(40);
    const result = prePush(push, refLine('refs/heads/main', clean, 'refs/heads/main', unknown));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py').some((line) => B602.test(line))).toBe(true);
    expect(result.stdout).toMatch(/in 2 files\b/);
  });

  it('a remote commit this repository lacks on another branch than the tracked ones: the tracking refs still count', () => {
    const push = pushRepo();
    push.repo.commit({ 'deploy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    const clean = push.repo.commit({ 'app.py': CLEAN });
    const passed = prePush(push, refLine('refs/heads/main', clean, 'refs/heads/release', 'e'.repeat(40)));
    expect(passed.status).toBe(0);
    expect(passed.stdout).not.toContain('deploy.py');
    expect(passed.stdout).toMatch(/in 1 file\b/);
  });

  it('a push to a URL has no remote-tracking refs: a new branch is judged on its whole history, an update on its diff', () => {
    const push = pushRepo();
    const before = push.repo.commit({ 'deploy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    const clean = push.repo.commit({ 'app.py': CLEAN });
    const urlArgs = [push.remote, push.remote];
    const whole = prePush(push, refLine('refs/heads/main', clean, 'refs/heads/copy'), urlArgs);
    expect(whole.status).toBe(1);
    expect(sectionOf(whole.stdout, 'deploy.py').some((line) => B602.test(line))).toBe(true);
    const update = prePush(push, refLine('refs/heads/main', clean, 'refs/heads/main', before), urlArgs);
    expect(update.status).toBe(0);
    expect(update.stdout).not.toContain('deploy.py');
  });

  it('a push of nothing that could matter (no Python, no manifest) passes silently', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'README.md': 'hello\n', 'notes.txt': 'subprocess.Popen(cmd, shell=True)\n' });
    expect(prePush(push, refLine('refs/heads/main', sha, 'refs/heads/main'))).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('secgate run pre-push: input it refuses', () => {
  it('a line it cannot read blocks with a usage error (exit 2) that quotes it', () => {
    const push = pushRepo();
    const sha = push.repo.commit({ 'app.py': CLEAN });
    const result = prePush(push, `${refLine('refs/heads/main', sha, 'refs/heads/main')}garbage here\n`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"garbage here"');
  });

  it('without the remote arguments it is a usage error (exit 2)', () => {
    const push = pushRepo();
    expect(prePush(push, '', []).status).toBe(2);
    expect(prePush(push, '', ['origin', 'url', 'extra']).status).toBe(2);
  });

  it('a pushed object this repository does not have is a tool error (exit 3), never a pass', () => {
    const push = pushRepo();
    push.repo.commit({ 'app.py': CLEAN });
    const result = prePush(push, refLine('refs/heads/main', 'f'.repeat(40), 'refs/heads/main'));
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('ffffffffffff');
  });

  it('no ref lines at all is nothing to scan', () => {
    const push = pushRepo();
    push.repo.commit({ 'deploy.py': HIGH_B602 });
    expect(prePush(push, '')).toMatchObject({ status: 0, stdout: '' });
  });
});
