import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { CLEAN, HIGH_B602, requireBanditAndBuild, sectionOf } from '../gate/support.js';
import { NULL_ID, prePush, pushRepo, pushUnchecked, refLine, type PushRepo } from './support.js';

beforeAll(requireBanditAndBuild);

const B602 = /BLOCK\s+HIGH B602\b.*line 3\b/;

/**
 * origin's main holds legacy.py (unsafe, pushed before secgate was there), and
 * this repository tracks it as refs/remotes/origin/main; `feature` adds a
 * clean file on top. Returns the feature commit.
 */
function legacyOnOrigin(push: PushRepo): string {
  push.repo.commit({ 'legacy.py': HIGH_B602 });
  pushUnchecked(push, 'main');
  push.repo.git('checkout', '-q', '-b', 'feature');
  return push.repo.commit({ 'app.py': CLEAN });
}

describe('remote-tracking refs count only for the server they were fetched from', () => {
  it('pushing to the fetch URL: commits on the tracking refs are the server’s, and not judged again', () => {
    const push = pushRepo();
    const feature = legacyOnOrigin(push);
    const result = prePush(push, refLine('refs/heads/feature', feature, 'refs/heads/feature'), ['origin', push.remote]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('legacy.py');
  });

  it('a pushurl that differs from url: the commits fetched from url are judged when pushing to the pushurl', () => {
    const push = pushRepo();
    const feature = legacyOnOrigin(push);
    const other = gitRepo({}, { bare: true }).root;
    push.repo.git('remote', 'set-url', '--push', 'origin', other);
    // git gives the hook the push URL.
    const result = prePush(push, refLine('refs/heads/feature', feature, 'refs/heads/feature'), ['origin', other]);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'legacy.py').some((line) => B602.test(line))).toBe(true);
    expect(result.stdout).toContain('The remote-tracking refs of origin come from its fetch URL, not the URL pushed to');
  });

  it('a stale tracking ref after `git remote set-url`: the server lacks the branch we track, so the refs are not trusted', () => {
    const push = pushRepo();
    push.repo.commit({ 'legacy.py': HIGH_B602 });
    pushUnchecked(push, 'main');
    const tip = push.repo.git('rev-parse', 'main').trim();
    const other = gitRepo({}, { bare: true }).root;
    push.repo.git('remote', 'set-url', 'origin', other);
    // refs/remotes/origin/main still says `tip`; the new server has no main at all.
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', NULL_ID), ['origin', other]);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'legacy.py').some((line) => B602.test(line))).toBe(true);
    expect(result.stdout).toContain('disagree with what the server reported');
  });

  it('a tracking ref the server’s branch does not descend from is not trusted either', () => {
    const push = pushRepo();
    const feature = legacyOnOrigin(push);
    // The new server's main is an unrelated commit we have (fetched from elsewhere).
    push.repo.git('checkout', '-q', '--orphan', 'unrelated');
    push.repo.git('rm', '-rq', '--cached', '.');
    const unrelated = push.repo.commit({ 'other.py': CLEAN });
    const other = gitRepo({}, { bare: true }).root;
    push.repo.git('remote', 'set-url', 'origin', other);
    const input =
      refLine('refs/heads/feature', feature, 'refs/heads/feature') + refLine('refs/heads/main', feature, 'refs/heads/main', unrelated);
    const result = prePush(push, input, ['origin', other]);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'legacy.py').some((line) => B602.test(line))).toBe(true);
  });

  it('a tracking ref behind the server’s branch is trusted: the branch only moved on', () => {
    const push = pushRepo();
    const feature = legacyOnOrigin(push);
    // Someone else pushed onto main since our fetch: we have that commit, our tracking ref does not.
    push.repo.git('checkout', '-q', 'main');
    const ahead = push.repo.commit({ 'later.py': CLEAN });
    push.repo.git('push', '-q', '--no-verify', push.remote, 'main');
    const input =
      refLine('refs/heads/feature', feature, 'refs/heads/feature') + refLine('refs/heads/main', ahead, 'refs/heads/main', ahead);
    const result = prePush(push, input, ['origin', push.remote]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('legacy.py');
  });

  it('a remote name with glob characters matches only its own refs, not another remote’s', () => {
    const push = pushRepo();
    const feature = legacyOnOrigin(push);
    const other = gitRepo({}, { bare: true }).root;
    // A hand-written config: `git remote add` refuses the name, git push to it does not.
    push.repo.git('config', 'remote.o*.url', other);
    const result = prePush(push, refLine('refs/heads/feature', feature, 'refs/heads/feature'), ['o*', other]);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'legacy.py').some((line) => B602.test(line))).toBe(true);
  });

  it('a remote nested in another’s name (origin/fork) does not lend its refs to origin', () => {
    const push = pushRepo();
    const fork = gitRepo({}, { bare: true }).root;
    push.repo.git('remote', 'add', 'origin/fork', fork);
    push.repo.commit({ 'legacy.py': HIGH_B602 });
    push.repo.git('push', '-q', '--no-verify', 'origin/fork', 'main');
    expect(push.repo.git('for-each-ref', '--format=%(refname)', 'refs/remotes/')).toContain('refs/remotes/origin/fork/main');
    const tip = push.repo.git('rev-parse', 'main').trim();
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main'), ['origin', push.remote]);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'legacy.py').some((line) => B602.test(line))).toBe(true);
  });
});
