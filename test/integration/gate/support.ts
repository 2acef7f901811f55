import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';

/** The Bandit these tests are written against (Debian's). */
export const BANDIT = '/usr/bin/bandit';

/**
 * The gate tests need the real Bandit and the built CLI. Missing either is a
 * failure with a message, never a skip: a green run without Bandit would prove
 * nothing.
 */
export function requireBanditAndBuild(): void {
  let version = '';
  try {
    version = execFileSync(BANDIT, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `Bandit is missing: ${BANDIT} --version failed (${(error as Error).message}). These tests run the real Bandit 1.6.2; install it (Debian/Ubuntu: sudo apt-get install bandit).`,
    );
  }
  if (!/^bandit 1\.6\.2\b/m.test(version)) {
    throw new Error(`These tests expect Bandit 1.6.2 at ${BANDIT} (its report shape and test ids); found: ${version.trim()}`);
  }
  const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
  if (!existsSync(cli)) throw new Error(`The CLI is not built (${cli} is missing): run \`node scripts/build.js\` first.`);
}

// --- Python sources with known Bandit 1.6.2 results --------------------------------

/** B602 HIGH at line 3 (plus B404 LOW at line 1). */
export const HIGH_B602 = 'import subprocess\ndef f(cmd):\n    subprocess.Popen(cmd, shell=True)\n';
/** B101 LOW only. */
export const LOW_ASSERT = 'def g(x):\n    assert x\n';
/** B301 MEDIUM at line 2 (plus B403 LOW at line 1). */
export const MEDIUM_PICKLE = 'import pickle\npickle.loads(b"")\n';
/** Nothing for Bandit to say. */
export const CLEAN = 'def add(a, b):\n    return a + b\n';
/** Not Python: Bandit reports "syntax error while parsing AST from file". */
export const UNPARSABLE = 'def broken(:\n    return\n';

// --- running secgate ---------------------------------------------------------------

/** Runs the built CLI in the repository with its clean environment (plus `extra`). */
export function secgate(repo: TestRepo, args: string[], extra: NodeJS.ProcessEnv = {}, cwd = repo.root): CliResult {
  return runCli(args, { cwd, env: { ...repo.env, ...extra } });
}

/** What the pre-commit hook runs. */
export function preCommit(repo: TestRepo, extra: NodeJS.ProcessEnv = {}): CliResult {
  return secgate(repo, ['run', 'pre-commit'], extra);
}

/** Everything printed, for messages that may go to either stream. */
export const output = (result: CliResult) => `${result.stdout}\n${result.stderr}`;

/** The lines of the text report under a file's heading, up to the next heading. */
export function sectionOf(report: string, path: string): string[] {
  const lines = report.split('\n');
  const start = lines.indexOf(path);
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line !== '' && !line.startsWith(' '));
  return end < 0 ? rest : rest.slice(0, end);
}

/** A directory holding only the named programs, as symlinks: a PATH without Bandit. */
export function pathWith(programs: Record<string, string>): string {
  const dir = join(tempDir('secgate-path-'), 'bin');
  mkdirSync(dir);
  for (const [name, target] of Object.entries(programs)) symlinkSync(target, join(dir, name));
  return dir;
}

/** Absolute path of a program on the test runner's PATH. */
export function which(name: string): string {
  return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
}

/** Lines of a log file (empty when it does not exist). */
export function logLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * A recording "bandit": appends its arguments to `log`, then runs the real one.
 * Fault injection only in the sense that it watches; the answers are Bandit's.
 */
export function recorderBody(log: string): string {
  return `printf '%s\\n' "$*" >> '${log}'\nexec ${BANDIT} "$@"`;
}

/** The result cache of a repository (all worktrees share it). */
export function cacheDir(repo: TestRepo): string {
  return join(repo.root, '.git', 'secgate', 'cache');
}

/** Every file in the cache's two-character shards: entries (`.json`) and any temporary files (`.tmp`). */
export function cacheFiles(repo: TestRepo): string[] {
  const dir = cacheDir(repo);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[0-9a-f]{2}$/.test(name))
    .flatMap((shard) => readdirSync(join(dir, shard)).map((name) => join(dir, shard, name)));
}
