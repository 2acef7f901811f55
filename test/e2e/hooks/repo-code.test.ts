import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installPlainHook } from '../../../src/hooks/plain.js';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { CLEAN_PY, INSECURE_PY, hookRepo, huskyV9, script, secgate, thinPath } from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

/**
 * The hook never runs code the repository ships. A cloned repository can
 * commit `node_modules/.bin/secgate`, a `secgate` or `node` at its top level
 * (reached through a PATH holding `.`), or one in a folder inside the work
 * tree that PATH names: when the secgate the hook recorded is gone, none of
 * them may run; the hook fails closed. Each planted script leaves a marker.
 */
function planted(repo: TestRepo, paths: string[]): string {
  const marker = join(repo.home, 'repository-code-ran');
  const body = `#!/bin/sh\necho "$0" >> '${marker}'\nexit 0\n`;
  for (const path of paths) script(join(repo.root, path), body);
  repo.git('add', '-f', '--', ...paths);
  repo.git('commit', '-q', '--no-verify', '-m', 'ships scripts');
  return marker;
}

async function goneInstallation(repo: TestRepo): Promise<void> {
  const gone = join(tempDir(), 'gone');
  await installPlainHook(join(repo.root, '.git', 'hooks'), 'pre-commit', { node: join(gone, 'node'), entry: join(gone, 'secgate.js') });
}

describe('when the recorded secgate is gone', () => {
  it('does not run a committed node_modules/.bin/secgate, nor one in the work tree that PATH names; fails closed', async () => {
    const repo = hookRepo();
    const marker = planted(repo, ['node_modules/.bin/secgate', 'secgate', 'node', 'tools/secgate', 'tools/node']);
    await goneInstallation(repo);
    const before = head(repo);
    repo.stage({ 'app.py': CLEAN_PY });
    // `.`, an empty entry, a relative entry (husky's), and an absolute entry inside the work tree.
    const path = ['.', '', 'node_modules/.bin', join(repo.root, 'tools'), thinPath(['git'])].join(':');
    const result = commit(repo, { ...repo.env, PATH: path });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cannot find secgate');
    expect(existsSync(marker)).toBe(false);
    expect(head(repo)).toBe(before);
  });

  it('uses a secgate on PATH outside the work tree, with PATH minus the work tree for its node', async () => {
    const repo = hookRepo();
    const marker = planted(repo, ['node']);
    await goneInstallation(repo);
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'secgate'));
    // PATH: `.` first (the repository's `node`), then the user's secgate and node.
    const path = ['.', bin, thinPath(['git', 'bandit', 'node'])].join(':');
    repo.stage({ 'app.py': INSECURE_PY });
    const blocked = commit(repo, { ...repo.env, PATH: path });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('B602');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('in a husky file (no recorded paths)', () => {
  it('does not run a node_modules/.bin/secgate that git tracks; fails closed', () => {
    const repo = hookRepo();
    huskyV9(repo);
    const marker = planted(repo, ['node_modules/.bin/secgate']);
    expect(secgate(repo, ['install'], { SECGATE_OSV_URL: 'http://127.0.0.1:9/' }).status).toBe(0);
    repo.stage({ 'app.py': CLEAN_PY });
    const result = commit(repo, { ...repo.env, PATH: thinPath(['git', 'sh', 'dirname', 'basename']) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cannot find secgate');
    expect(existsSync(marker)).toBe(false);
  });
});
