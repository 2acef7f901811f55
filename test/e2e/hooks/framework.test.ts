import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { CLEAN_PY, INSECURE_PY, gitRun, hookRepo } from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

/**
 * secgate under the real pre-commit framework (Debian's pre-commit 3.0.4):
 * a .pre-commit-config.yaml naming this repository at its committed HEAD, as a
 * team would name secgate's git URL. The framework clones that commit and
 * runs `npm install` in it (`language: node`), which builds dist/ through
 * `prepare`: so this suite tests what is committed, not the work tree, and
 * needs the npm registry once. PRE_COMMIT_HOME is shared by every case, so the
 * environment is built once.
 */
const PROJECT = fileURLToPath(new URL('../../..', import.meta.url));
let preCommitHome: string;
let rev: string;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input = '') {
  const result = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', timeout: 600_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

function frameworkEnv(repo: TestRepo): NodeJS.ProcessEnv {
  return { ...repo.env, PRE_COMMIT_HOME: preCommitHome };
}

/** A repository whose committed .pre-commit-config.yaml lists secgate's hooks, with the framework's hooks installed. */
function frameworkRepo(ids: string[], hookTypes: string[]): TestRepo {
  const repo = hookRepo();
  const hooks = ids.map((id) => `      - id: ${id}`).join('\n');
  repo.commit({ '.pre-commit-config.yaml': `repos:\n  - repo: ${PROJECT}\n    rev: ${rev}\n    hooks:\n${hooks}\n` }, 'framework config');
  const installed = run('pre-commit', ['install', ...hookTypes.flatMap((type) => ['-t', type])], repo.root, frameworkEnv(repo));
  expect(installed.status, installed.stdout + installed.stderr).toBe(0);
  return repo;
}

beforeAll(() => {
  const version = run('pre-commit', ['--version'], PROJECT, process.env);
  if (version.error || version.status !== 0) throw new Error('pre-commit is not installed: `apt-get install pre-commit` (.ci/run does it)');
  rev = run('git', ['rev-parse', 'HEAD'], PROJECT, process.env).stdout.trim();
  preCommitHome = mkdtempSync(join(tmpdir(), 'secgate-pre-commit-home-'));
  // Build the hook environment once, here, with a generous timeout: npm install of this repository.
  const repo = frameworkRepo(['secgate', 'secgate-pre-push'], ['pre-commit']);
  const built = run('pre-commit', ['install-hooks'], repo.root, frameworkEnv(repo));
  expect(built.status, built.stdout + built.stderr).toBe(0);
}, 600_000);

afterAll(() => {
  if (preCommitHome) rmSync(preCommitHome, { recursive: true, force: true });
});

describe('secgate in .pre-commit-config.yaml (pre-commit framework)', () => {
  it('pre-commit stage: judges the index, whatever the framework stashes', () => {
    const repo = frameworkRepo(['secgate'], ['pre-commit']);
    const env = frameworkEnv(repo);
    const base = head(repo);
    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = commit(repo, env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
    expect(head(repo)).toBe(base);

    // Clean staged, insecure only in the work tree: the framework stashes the unstaged part; secgate reads the index.
    repo.stage({ 'app.py': CLEAN_PY });
    repo.write({ 'app.py': INSECURE_PY });
    const passed = commit(repo, env);
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    expect(head(repo)).not.toBe(base);

    // Insecure staged, clean in the work tree: blocked.
    const before = head(repo);
    repo.stage({ 'lib.py': INSECURE_PY });
    repo.write({ 'lib.py': CLEAN_PY });
    expect(commit(repo, env).status).not.toBe(0);
    expect(head(repo)).toBe(before);
  });

  it('merge-commit stage: a clean merge of a branch committed with --no-verify is blocked', () => {
    const repo = frameworkRepo(['secgate'], ['pre-commit', 'pre-merge-commit']);
    const env = frameworkEnv(repo);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ 'app.py': INSECURE_PY }, 'unchecked');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'README.md': 'main moves on\n' }, 'main');
    const before = head(repo);
    const merged = gitRun(repo.root, ['merge', '--no-edit', 'feature'], { env });
    expect(merged.status).not.toBe(0);
    expect(merged.stdout + merged.stderr).toContain('B602');
    expect(head(repo)).toBe(before);
  });

  it('push stage: the range from PRE_COMMIT_FROM_REF/TO_REF; a root commit ("all files") too', () => {
    const remote = gitRepo({}, { bare: true });
    const repo = frameworkRepo(['secgate-pre-push'], ['pre-push']);
    const env = frameworkEnv(repo);
    repo.git('remote', 'add', 'origin', remote.root);

    // The first push carries the root commit: the framework sets no range, secgate judges all the remote lacks.
    repo.commit({ 'app.py': CLEAN_PY }, 'clean');
    const first = gitRun(repo.root, ['push', '-q', 'origin', 'main'], { env });
    expect(first.status, first.stdout + first.stderr).toBe(0);

    repo.commit({ 'app.py': INSECURE_PY }, 'unchecked');
    const blocked = gitRun(repo.root, ['push', '-q', 'origin', 'main'], { env });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');

    // A new repository whose root commit is insecure, pushed to a new remote: no range, still judged.
    const other = frameworkRepo(['secgate-pre-push'], ['pre-push']);
    const otherRemote = gitRepo({}, { bare: true });
    other.git('remote', 'add', 'origin', otherRemote.root);
    other.commit({ 'app.py': INSECURE_PY }, 'unchecked root');
    const root = gitRun(other.root, ['push', '-q', 'origin', 'main'], { env: frameworkEnv(other) });
    expect(root.status).not.toBe(0);
    expect(root.stdout + root.stderr).toContain('B602');
  });

  it('the hook id runs only in its stages: secgate-pre-push does not judge commits', () => {
    const repo = frameworkRepo(['secgate-pre-push'], ['pre-commit']);
    repo.stage({ 'app.py': INSECURE_PY });
    const result = commit(repo, frameworkEnv(repo));
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
