import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { cleanEnv, gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';

/** The shared snapshot of the PyPA advisory database (../shared/osv/README.md); never copied into the repository. */
export const SHARED_ZIP = fileURLToPath(new URL('../../../../shared/osv/PyPI.zip', import.meta.url));

/** These tests need the real advisory data and the built CLI: a failure with a message when either is missing, never a skip. */
export function requireDataAndBuild(): void {
  if (!existsSync(SHARED_ZIP)) {
    throw new Error(`The shared OSV data is missing: ${SHARED_ZIP} (the checkout's ../shared/osv/PyPI.zip, see ../shared/osv/README.md).`);
  }
  const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
  if (!existsSync(cli)) throw new Error(`The CLI is not built (${cli} is missing): run \`node scripts/build.js\` first.`);
}

// --- a warm index, built once per test file --------------------------------------

let warmIndex: string | undefined;
let warmBase: string | undefined;
afterAll(() => {
  if (warmBase) rmSync(warmBase, { recursive: true, force: true });
});

/**
 * The compact index of the shared zip, built once per test file by the real
 * CLI in a HOME of its own. Each test copies it into its own private cache:
 * the index is keyed by the zip's path, size and inode, so the copy is what
 * that test's secgate would have built, without a rebuild per test.
 */
function builtIndex(): string {
  if (warmIndex) return warmIndex;
  warmBase = realpathSync(mkdtempSync(join(tmpdir(), 'secgate-warm-')));
  const home = join(warmBase, 'home');
  const repo = join(warmBase, 'repo');
  mkdirSync(home);
  mkdirSync(repo);
  const env = cleanEnv(home);
  execFileSync('git', ['init', '-q'], { cwd: repo, env });
  writeFileSync(join(repo, '.secgaterc.json'), JSON.stringify({ deps: { database: SHARED_ZIP } }));
  // Staged: secgate reads the config from the index, as a hook would.
  execFileSync('git', ['add', '.secgaterc.json'], { cwd: repo, env });
  // db status opens the configured database, which builds its index in this HOME's cache.
  const status = runCli(['db', 'status'], { cwd: repo, env });
  if (status.status !== 0) throw new Error(`could not build the index of ${SHARED_ZIP}: ${status.stdout}${status.stderr}`);
  warmIndex = join(home, '.cache', 'secgate', 'osv', 'index');
  if (readdirSync(warmIndex).length !== 1) throw new Error(`expected one index in ${warmIndex}`);
  return warmIndex;
}

/** Gives a test's private cache the index of the shared zip. */
export function copyWarmIndex(repo: TestRepo): void {
  cpSync(builtIndex(), join(repo.home, '.cache', 'secgate', 'osv', 'index'), { recursive: true });
}

// --- repositories -----------------------------------------------------------------

export type Settings = Record<string, unknown>;

/** The config a test writes: deps.database is the shared zip's absolute path, plus any other settings. */
export function configWith(settings: Settings = {}, database: string = SHARED_ZIP): string {
  const deps = { database, ...((settings.deps as Settings | undefined) ?? {}) };
  return `${JSON.stringify({ ...settings, deps }, null, 2)}\n`;
}

/** A repository whose config points at the shared database (committed), with a warm private index. */
export function depsRepo(settings: Settings = {}, options: { warm?: boolean } = {}): TestRepo {
  const repo = gitRepo();
  repo.commit({ '.secgaterc.json': configWith(settings) }, 'config');
  if (options.warm !== false) copyWarmIndex(repo);
  return repo;
}

/** Rewrites and stages the config: a hook reads it from the index, as it reads the content. */
export function setConfig(repo: TestRepo, settings: Settings, database?: string): void {
  repo.stage({ '.secgaterc.json': configWith(settings, database) });
}

// --- running secgate ----------------------------------------------------------------

export function secgate(repo: TestRepo, args: string[], extra: NodeJS.ProcessEnv = {}): CliResult {
  return runCli(args, { cwd: repo.root, env: { ...repo.env, ...extra } });
}

/** One finding of the JSON report, loosely typed: tests assert the fields they care about. */
export interface JsonFinding {
  kind: string;
  id: string;
  status: string;
  path: string;
  line: number;
  severity: string;
  package?: string;
  version?: string;
  aliases?: string[];
  fixed?: string[];
  dev?: boolean;
  requirement?: string;
  note?: string;
  message: string;
}
export interface JsonReport {
  summary: { blocking: number; warnings: number; ignored: number; files: number };
  findings: JsonFinding[];
  notices: string[];
}

/** `secgate scan --staged --format json`: the exit status and the parsed report (throws with the output when it is not JSON). */
export function scanJson(repo: TestRepo, extra: NodeJS.ProcessEnv = {}): { status: number | null; report: JsonReport; stderr: string } {
  const result = secgate(repo, ['scan', '--staged', '--format', 'json'], extra);
  try {
    return { status: result.status, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
  } catch {
    throw new Error(`not a JSON report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** The findings about one package. */
export function about(report: JsonReport, pkg: string): JsonFinding[] {
  return report.findings.filter((finding) => finding.package === pkg);
}
