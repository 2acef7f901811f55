import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { CLEAN_PY, INSECURE_PY, gitRun, hookRepo, huskyV9, secgate } from '../../integration/hooks/support.js';
import { head } from './support.js';

const OFFLINE = { SECGATE_OSV_URL: 'http://127.0.0.1:9/PyPI/all.zip' };

/** main and a branch `feature` whose commit skipped the hooks (--no-verify); main has moved on, so the merge makes a commit. */
function branches(repo: TestRepo, featureFile: string): void {
  repo.commit({ 'README.md': 'base\n' }, 'base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit({ 'app.py': featureFile }, 'feature, unchecked');
  repo.git('checkout', '-q', 'main');
  repo.commit({ 'README.md': 'main moves on\n' }, 'main');
}

function merge(repo: TestRepo) {
  return gitRun(repo.root, ['merge', '--no-edit', 'feature'], { env: repo.env });
}

describe('the pre-merge-commit hook (a clean merge runs no pre-commit hook)', () => {
  it('blocks the merge of a branch that brings insecure code committed with --no-verify', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install'], OFFLINE).status).toBe(0);
    branches(repo, INSECURE_PY);
    const before = head(repo);
    const result = merge(repo);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('B602');
    expect(head(repo)).toBe(before);
  });

  it('lets a clean merge through', () => {
    const repo = hookRepo();
    expect(secgate(repo, ['install'], OFFLINE).status).toBe(0);
    branches(repo, CLEAN_PY);
    const before = head(repo);
    const result = merge(repo);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(head(repo)).not.toBe(before);
  });

  it('with husky v9: secgate is added to .husky/pre-merge-commit and blocks the merge', () => {
    const repo = hookRepo({ '.gitignore': 'node_modules/\n' });
    huskyV9(repo);
    mkdirSync(join(repo.root, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(BIN, join(repo.root, 'node_modules', '.bin', 'secgate'));
    const installed = secgate(repo, ['install'], OFFLINE);
    expect(installed.stdout).toContain(join(repo.root, '.husky', 'pre-merge-commit'));
    branches(repo, INSECURE_PY);
    const before = head(repo);
    const result = merge(repo);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('B602');
    expect(head(repo)).toBe(before);
  });
});
