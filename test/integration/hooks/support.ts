import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { BIN, runCli, type CliResult } from '../../helpers/run-cli.js';

/** Bandit rates this HIGH (B602): a commit of it is blocked when secgate runs. */
export const INSECURE_PY = 'import subprocess\nsubprocess.call("ls " + input(), shell=True)\n';
export const CLEAN_PY = 'print("hello")\n';

/** A repository with an identity in its own config (commits through hooks need one). */
export function hookRepo(files: Record<string, string> = {}): TestRepo {
  const repo = gitRepo(files);
  repo.git('config', 'user.name', 'Ana Lima');
  repo.git('config', 'user.email', 'ana@example.com');
  return repo;
}

/** Runs git without throwing, for commands whose failure is the point. */
export function gitRun(cwd: string, args: string[], options: { env: NodeJS.ProcessEnv; input?: string }): CliResult {
  const result = spawnSync('git', args, { cwd, env: options.env, input: options.input ?? '', encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function secgate(repo: TestRepo, args: string[], extra: NodeJS.ProcessEnv = {}, cwd = repo.root): CliResult {
  return runCli(args, { cwd, env: { ...repo.env, ...extra } });
}

/** The absolute path of this installation's bin, as the installer records it. */
export const ENTRY = realpathSync(BIN);

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      const path = join(dir, name);
      if (statSync(path).isFile()) return realpathSync(path);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A PATH directory holding only the named programs (symlinks): a thin PATH without node or secgate. */
export function thinPath(names: string[]): string {
  const dir = join(tempDir('secgate-bin-'), 'bin');
  mkdirSync(dir);
  for (const name of names) {
    const target = which(name);
    if (!target) throw new Error(`${name} is not on PATH; the test needs it`);
    symlinkSync(target, join(dir, name));
  }
  return dir;
}

export function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

export function read(path: string): Buffer {
  return readFileSync(path);
}

/** Writes an executable file (parents created). */
export function script(path: string, content: string | Buffer, fileMode = 0o755): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, fileMode);
}

/**
 * Husky v9's layout, as `husky` (v9.1) writes it: core.hooksPath is .husky/_,
 * whose stubs source _/h, which runs the user's .husky/<hook> with `sh -e`.
 */
export function huskyV9(repo: TestRepo, userHooks: Record<string, string> = {}): void {
  const dir = join(repo.root, '.husky', '_');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '*\n');
  writeFileSync(
    join(dir, 'h'),
    [
      '#!/usr/bin/env sh',
      'n=$(basename "$0")',
      's=$(dirname "$(dirname "$0")")/$n',
      '[ ! -f "$s" ] && exit 0',
      '[ "${HUSKY-}" = "0" ] && exit 0',
      'export PATH="node_modules/.bin:$PATH"',
      'sh -e "$s" "$@"',
      'c=$?',
      '[ $c != 0 ] && echo "husky - $n script failed (code $c)"',
      'exit $c',
      '',
    ].join('\n'),
  );
  for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push', 'commit-msg'])
    script(join(dir, hook), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n');
  for (const [hook, content] of Object.entries(userHooks)) writeFileSync(join(repo.root, '.husky', hook), content);
  repo.git('config', 'core.hooksPath', '.husky/_');
}

/** Husky 5–8: core.hooksPath is .husky, whose files source _/husky.sh and are the hooks. */
export function huskyLegacy(repo: TestRepo, userHooks: Record<string, string> = {}): void {
  const dir = join(repo.root, '.husky', '_');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'husky.sh'), '#!/usr/bin/env sh\n[ "$HUSKY" = "0" ] && exit 0\n');
  for (const [hook, content] of Object.entries(userHooks)) script(join(repo.root, '.husky', hook), content);
  repo.git('config', 'core.hooksPath', '.husky');
}
