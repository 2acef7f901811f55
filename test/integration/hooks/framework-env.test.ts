import { describe, expect, it } from 'vitest';
import { CLEAN_PY, INSECURE_PY, hookRepo, secgate } from './support.js';

/**
 * `secgate run pre-push` with no arguments reads the push from the
 * pre-commit framework's PRE_COMMIT_* variables (the framework has consumed
 * git's stdin), including `pre-commit run --hook-stage push --from-ref
 * origin/main --to-ref HEAD` as CI runs it: names, not ids, and no remote.
 */
function history() {
  const repo = hookRepo();
  const base = repo.commit({ 'app.py': CLEAN_PY }, 'clean');
  const insecure = repo.commit({ 'lib.py': INSECURE_PY }, 'unchecked');
  const after = repo.commit({ 'README.md': 'docs\n' }, 'docs');
  return { repo, base, insecure, after };
}

describe('secgate run pre-push under the pre-commit framework', () => {
  it('judges the range in PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF, and only that range', () => {
    const { repo, base, insecure, after } = history();
    const push = { PRE_COMMIT: '1', PRE_COMMIT_REMOTE_NAME: 'origin', PRE_COMMIT_REMOTE_URL: '/srv/x.git' };
    const blocked = secgate(repo, ['run', 'pre-push'], { ...push, PRE_COMMIT_FROM_REF: base, PRE_COMMIT_TO_REF: after });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('B602');
    // The insecure commit is on the remote already: what is pushed is clean.
    const passed = secgate(repo, ['run', 'pre-push'], { ...push, PRE_COMMIT_FROM_REF: insecure, PRE_COMMIT_TO_REF: after });
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });

  it('takes ref names and no remote, as `pre-commit run --from-ref --to-ref` passes them', () => {
    const { repo } = history();
    const result = secgate(repo, ['run', 'pre-push'], { PRE_COMMIT: '1', PRE_COMMIT_FROM_REF: 'HEAD~2', PRE_COMMIT_TO_REF: 'main' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('B602');
  });

  it('refuses half a range, a range it cannot resolve, and no framework at all: never a pass', () => {
    const { repo } = history();
    const half = secgate(repo, ['run', 'pre-push'], { PRE_COMMIT: '1', PRE_COMMIT_REMOTE_NAME: 'origin', PRE_COMMIT_FROM_REF: 'HEAD~1' });
    expect(half.status).toBe(2);
    expect(half.stderr).toContain('PRE_COMMIT_FROM_REF');
    const unknown = secgate(repo, ['run', 'pre-push'], { PRE_COMMIT: '1', PRE_COMMIT_FROM_REF: 'no-such-ref', PRE_COMMIT_TO_REF: 'main' });
    expect(unknown.status).toBe(3);
    const outside = secgate(repo, ['run', 'pre-push'], { PRE_COMMIT_FROM_REF: 'HEAD~2', PRE_COMMIT_TO_REF: 'main' });
    expect(outside.status).toBe(2);
  });
});
