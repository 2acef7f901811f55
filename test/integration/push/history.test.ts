import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../../helpers/git-repo.js';
import { CLEAN, HIGH_B602, requireBanditAndBuild, sectionOf } from '../gate/support.js';
import { prePush, pushedIn, pushRepo, pushUnchecked, refLine } from './support.js';

beforeAll(requireBanditAndBuild);

const B602 = /BLOCK\s+HIGH B602\b.*line 3\b/;

/** The finding lines and the origin line under a file's heading. */
function blockedAt(stdout: string, path: string): { blocked: boolean; origins: string[] } {
  const section = sectionOf(stdout, path);
  return {
    blocked: section.some((line) => B602.test(line)),
    origins: [...new Set(section.filter((line) => line.trimStart().startsWith('introduced in')).map((line) => line.trim()))],
  };
}

describe('pre-push judges every blob the pushed commits introduce, not only the tip', () => {
  it('a fast-forward that adds an unsafe file and removes it again is blocked, naming the commit that added it', () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const added = push.repo.commit({ 'deploy.py': HIGH_B602 }, 'add');
    push.repo.git('rm', '-q', 'deploy.py');
    const removed = push.repo.commit({}, 'remove');
    const result = prePush(push, refLine('refs/heads/main', removed, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    expect(blockedAt(result.stdout, 'deploy.py')).toEqual({ blocked: true, origins: [pushedIn('refs/heads/main', added)] });
  });

  it('each finding names the commit that introduced its file, not the tip', () => {
    const push = pushRepo();
    const base = push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const first = push.repo.commit({ 'one.py': HIGH_B602 });
    const second = push.repo.commit({ 'two.py': `${HIGH_B602}# two\n` });
    const tip = push.repo.commit({ 'app.py': CLEAN });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    expect(blockedAt(result.stdout, 'one.py').origins).toEqual([pushedIn('refs/heads/main', first)]);
    expect(blockedAt(result.stdout, 'two.py').origins).toEqual([pushedIn('refs/heads/main', second)]);
    expect(result.stdout).not.toContain(tip.slice(0, 12));
  });

  it('a blob removed and added back is judged once, named with the commit that first brought it', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '-b', 'feature');
    const first = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.git('rm', '-q', 'deploy.py');
    push.repo.commit({});
    const tip = push.repo.commit({ 'deploy.py': HIGH_B602 });
    const result = prePush(push, refLine('refs/heads/feature', tip, 'refs/heads/feature'));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py').filter((line) => B602.test(line))).toHaveLength(1);
    expect(blockedAt(result.stdout, 'deploy.py').origins).toEqual([pushedIn('refs/heads/feature', first)]);
    expect(result.stdout).toMatch(/in 1 file\b/);
  });

  it('a merge is judged on what it brings itself: an evil resolution blocks, a merged branch the server has does not', () => {
    const push = pushRepo();
    push.repo.commit({ 'app.py': CLEAN });
    push.repo.git('checkout', '-q', '-b', 'legacy');
    push.repo.commit({ 'legacy.py': HIGH_B602 });
    push.repo.git('checkout', '-q', 'main');
    const before = push.repo.commit({ 'README.md': 'hello\n' });
    // Both are on the server already (pushed before secgate was there).
    pushUnchecked(push, 'main', 'legacy');

    push.repo.git('merge', '-q', '--no-ff', '--no-edit', 'legacy');
    const merge = push.repo.git('rev-parse', 'HEAD').trim();
    const clean = prePush(push, refLine('refs/heads/main', merge, 'refs/heads/main', before));
    expect(clean.status).toBe(0);
    expect(clean.stdout).not.toContain('legacy.py');

    push.repo.git('reset', '-q', '--hard', before);
    push.repo.git('merge', '-q', '--no-ff', '--no-commit', 'legacy');
    push.repo.write({ 'app.py': HIGH_B602 });
    push.repo.git('add', 'app.py');
    push.repo.git('commit', '-q', '--no-verify', '--no-edit');
    const evil = push.repo.git('rev-parse', 'HEAD').trim();
    const blocked = prePush(push, refLine('refs/heads/main', evil, 'refs/heads/main', before));
    expect(blocked.status).toBe(1);
    expect(blockedAt(blocked.stdout, 'app.py')).toEqual({ blocked: true, origins: [pushedIn('refs/heads/main', evil)] });
    expect(blocked.stdout).not.toContain('legacy.py');
  });

  it('two refs sharing commits: each names the commit of its own range', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    push.repo.git('checkout', '-q', '-b', 'one');
    const added = push.repo.commit({ 'deploy.py': HIGH_B602 });
    push.repo.git('rm', '-q', 'deploy.py');
    const one = push.repo.commit({});
    push.repo.git('checkout', '-q', '-b', 'two');
    const two = push.repo.commit({ 'app.py': CLEAN });
    const result = prePush(push, refLine('refs/heads/one', one, 'refs/heads/one') + refLine('refs/heads/two', two, 'refs/heads/two'));
    expect(result.status).toBe(1);
    expect(blockedAt(result.stdout, 'deploy.py').origins).toEqual([pushedIn(['refs/heads/one', 'refs/heads/two'], added)]);
  });
});

/**
 * `count` commits on main made by `git fast-import` (seconds, not minutes):
 * each changes a note, a version file and one of 20 Python modules (the same
 * 40 contents over and over, so Bandit sees 40 blobs); commit `bad` adds an
 * unsafe deploy.py and the next removes it.
 */
function longHistory(repo: TestRepo, count: number, bad: number): void {
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let stream = '';
  for (let i = 0; i < count; i++) {
    stream += `commit refs/heads/main\ncommitter Test <t@example.com> ${1_700_000_000 + i} +0000\n${data(`c${i}`)}`;
    stream += `M 100644 inline notes/${i % 50}.md\n${data(`note ${i}\n`)}`;
    stream += `M 100644 inline version.txt\n${data(`${i}\n`)}`;
    stream += `M 100644 inline pkg/mod${i % 20}.py\n${data(`VALUE = ${i % 40}\n`)}`;
    if (i === bad) stream += `M 100644 inline deploy.py\n${data(HIGH_B602)}`;
    if (i === bad + 1) stream += 'D deploy.py\n';
    stream += '\n';
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.root, env: repo.env, input: stream });
}

describe('a long history', () => {
  it('a first push of 2,000 commits is judged whole in one pass, and quickly', () => {
    const push = pushRepo();
    longHistory(push.repo, 2000, 1000);
    const tip = push.repo.git('rev-parse', 'main').trim();
    const added = push.repo.git('rev-parse', 'main~999').trim();
    const start = Date.now();
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main'));
    const seconds = (Date.now() - start) / 1000;
    expect(result.status).toBe(1);
    expect(blockedAt(result.stdout, 'deploy.py')).toEqual({ blocked: true, origins: [pushedIn('refs/heads/main', added)] });
    // 20 modules x 40 contents seen as 40 blobs per path at most; one run of Bandit, one git log. About 3 s here;
    // a git process per commit (a tree listing for each version.txt) took 17 s.
    expect(seconds).toBeLessThan(30);
  }, 120_000);
});
