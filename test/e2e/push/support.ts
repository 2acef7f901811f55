import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';

/**
 * Writes the pre-push hook by hand (the installer is tested on its own): it
 * runs the built CLI with git's arguments, and stdin passes through.
 */
export function installPrePush(hooksDir: string): void {
  const path = join(hooksDir, 'pre-push');
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" run pre-push "$@"\n`);
  chmodSync(path, 0o755);
}

export interface GitResult {
  status: number | null;
  /** stdout and stderr together: git sends a hook's stdout to stderr. */
  output: string;
}

/** Runs git without throwing: a refused push is the point of these tests. */
export function git(repo: TestRepo, args: string[], cwd = repo.root): GitResult {
  const result = spawnSync('git', args, { cwd, env: repo.env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A repository with secgate's pre-push hook and a bare remote called origin. */
export function hookedRepo(): { repo: TestRepo; remote: TestRepo } {
  const repo = gitRepo();
  const remote = gitRepo({}, { bare: true });
  repo.git('remote', 'add', 'origin', remote.root);
  installPrePush(join(repo.root, '.git', 'hooks'));
  return { repo, remote };
}

/** The commit a branch or tag of the remote points at, or undefined when it has none. */
export function remoteRef(remote: TestRepo, ref: string): string | undefined {
  const result = spawnSync('git', ['rev-parse', '-q', '--verify', `${ref}^{commit}`], {
    cwd: remote.root,
    env: remote.env,
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
