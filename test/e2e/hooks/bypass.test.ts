import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BypassEntry } from '../../../src/bypass/bypass.js';
import { gitRepo } from '../../helpers/git-repo.js';
import { INSECURE_PY, gitRun, hookRepo, secgate } from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

function bypassLog(root: string): BypassEntry[] {
  return readFileSync(join(root, '.git', 'secgate', 'bypass.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as BypassEntry);
}

/** A repository with secgate installed and an insecure file staged: without a bypass, the commit is blocked. */
function blockedCommit(config?: object) {
  const repo = hookRepo();
  // Staged: the hook reads the config from the index.
  if (config) repo.stage({ '.secgaterc.json': JSON.stringify(config) });
  expect(secgate(repo, ['install']).status).toBe(0);
  repo.stage({ 'app.py': INSECURE_PY });
  return repo;
}

describe('SECGATE_BYPASS through the hooks', () => {
  it('with a reason: the commit passes, with a loud warning and a line in the bypass log', () => {
    const repo = blockedCommit();
    const result = commit(repo, { ...repo.env, SECGATE_BYPASS: 'hotfix INC-1234, reviewed by Ana' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('BYPASSED');
    expect(head(repo)).toBeDefined();
    const [entry, ...rest] = bypassLog(repo.root);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      user: { name: 'Ana Lima', email: 'ana@example.com' },
      hook: 'pre-commit',
      paths: ['app.py'],
      reason: 'hotfix INC-1234, reviewed by Ana',
    });
    expect(new Date(entry?.time ?? '').toISOString()).toBe(entry?.time);
  });

  it('with "1": refused, the commit is blocked, and the message says why', () => {
    const repo = blockedCommit();
    const result = commit(repo, { ...repo.env, SECGATE_BYPASS: '1' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('gives no reason');
    expect(head(repo)).toBeUndefined();
    expect(existsSync(join(repo.root, '.git', 'secgate', 'bypass.log'))).toBe(false);
  });

  it.each(['x', '-', '...', '\u200b\u200b\u200b'])(
    'with %j: refused like an ignore without a reason; nothing committed or logged',
    (value) => {
      const repo = blockedCommit();
      const result = commit(repo, { ...repo.env, SECGATE_BYPASS: value });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('gives no reason');
      expect(head(repo)).toBeUndefined();
      expect(existsSync(join(repo.root, '.git', 'secgate', 'bypass.log'))).toBe(false);
    },
  );

  it('bypass.allowed false staged in the commit is what counts, not an unstaged edit that allows it', () => {
    const repo = blockedCommit({ bypass: { allowed: false } });
    repo.write({ '.secgaterc.json': '{}' });
    const result = commit(repo, { ...repo.env, SECGATE_BYPASS: 'a real reason' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('bypass.allowed');
    expect(head(repo)).toBeUndefined();
  });

  it('with "1" and bypass.requireReason false: the commit passes and is logged', () => {
    const repo = blockedCommit({ bypass: { requireReason: false } });
    const result = commit(repo, { ...repo.env, SECGATE_BYPASS: '1' });
    expect(result.status).toBe(0);
    expect(bypassLog(repo.root)[0]?.reason).toBe('1');
  });

  it('with bypass.allowed false: refused whatever the reason, never a silent pass', () => {
    const repo = blockedCommit({ bypass: { allowed: false } });
    const result = commit(repo, { ...repo.env, SECGATE_BYPASS: 'a real reason' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('bypass.allowed');
    expect(head(repo)).toBeUndefined();
  });

  it('on push: the push passes and the log names the remote and the refs', () => {
    const repo = hookRepo();
    const remote = gitRepo({}, { bare: true });
    repo.git('remote', 'add', 'origin', remote.root);
    const sha = repo.commit({ 'app.py': INSECURE_PY });
    expect(secgate(repo, ['install']).status).toBe(0);
    const pushed = gitRun(repo.root, ['push', '-q', 'origin', 'main'], {
      env: { ...repo.env, SECGATE_BYPASS: 'release blocker, approved by Ana' },
    });
    expect(pushed.status).toBe(0);
    expect(bypassLog(repo.root)[0]).toMatchObject({
      hook: 'pre-push',
      reason: 'release blocker, approved by Ana',
      refs: [{ localRef: 'refs/heads/main', localSha: sha, remoteRef: 'refs/heads/main' }],
    });
  });
});
