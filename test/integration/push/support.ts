import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';

/** A repository with a bare remote called origin (added, nothing pushed yet). */
export interface PushRepo {
  repo: TestRepo;
  /** The bare remote's path: what git gives the hook as <url>. */
  remote: string;
}

export function pushRepo(): PushRepo {
  const repo = gitRepo();
  const remote = gitRepo({}, { bare: true }).root;
  repo.git('remote', 'add', 'origin', remote);
  return { repo, remote };
}

/** A push without any hook (it sets up what the remote already has, and updates refs/remotes/origin/*). */
export function pushUnchecked({ repo }: PushRepo, ...refspecs: string[]): void {
  repo.git('push', '-q', '--no-verify', 'origin', ...refspecs);
}

export const NULL_ID = '0'.repeat(40);

/** One line of the hook's stdin, as git writes it. */
export function refLine(localRef: string, localSha: string, remoteRef: string, remoteSha: string = NULL_ID): string {
  return `${localRef} ${localSha} ${remoteRef} ${remoteSha}\n`;
}

/** What the installed hook would run: `secgate run pre-push origin <url>` with these lines on stdin. */
export function prePush({ repo, remote }: PushRepo, input: string, args: string[] = ['origin', remote]): CliResult {
  return runCli(['run', 'pre-push', ...args], { cwd: repo.root, env: repo.env, input });
}

/** The report's line under a finding: the commit that introduced the file, and the refs it is pushed on. */
export function pushedIn(ref: string | string[], commit: string): string {
  return `introduced in ${commit.slice(0, 12)}, pushed on ${[ref].flat().join(', ')}`;
}
