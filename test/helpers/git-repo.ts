import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * An environment for git with nothing of the user's: no global or system
 * config, no signing, no gc, fixed identity and dates. Tests start git and
 * secgate with this, so results do not depend on the machine.
 */
export function cleanEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_') && !key.startsWith('SECGATE_') && key !== 'CI') env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    NO_COLOR: '1',
    // No resident Bandit outliving a test: the worker's own tests turn it on, with a folder of their own.
    SECGATE_WORKER: '0',
    ...extra,
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A private temporary directory, removed after the test. */
export function tempDir(prefix = 'secgate-test-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestRepo {
  /** The work tree. */
  root: string;
  /** A HOME of its own, outside the work tree. */
  home: string;
  env: NodeJS.ProcessEnv;
  /** Runs git in the work tree; returns stdout. */
  git(...args: string[]): string;
  /** Writes files (paths relative to the root, parents created). */
  write(files: Record<string, string | Buffer>): void;
  /** Writes and stages files. */
  stage(files: Record<string, string | Buffer>): void;
  /** Stages and commits everything given, returns the commit id. */
  commit(files: Record<string, string | Buffer>, message?: string): string;
}

/** A throwaway repository with a clean environment, removed after the test. */
export function gitRepo(files: Record<string, string | Buffer> = {}, options: { bare?: boolean } = {}): TestRepo {
  const base = tempDir();
  const home = join(base, 'home');
  const root = join(base, 'repo');
  mkdirSync(home);
  mkdirSync(root);
  const env = cleanEnv(home);
  writeFileSync(
    join(home, '.gitconfig'),
    '[gc]\n\tauto = 0\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n',
  );
  const run = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('init', '-q', ...(options.bare ? ['--bare'] : []));
  const repo: TestRepo = {
    root,
    home,
    env,
    git: run,
    write(files) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
    },
    stage(files) {
      repo.write(files);
      if (Object.keys(files).length > 0) run('add', '--', ...Object.keys(files));
    },
    commit(files, message = 'commit') {
      repo.stage(files);
      run('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
      return run('rev-parse', 'HEAD').trim();
    },
  };
  repo.write(files);
  return repo;
}
