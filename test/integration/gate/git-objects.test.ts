import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { prePush, pushRepo, refLine } from '../push/support.js';
import { CLEAN, HIGH_B602, output, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** Writes `content` as a loose blob and returns its id. */
function hashBlob(repo: { root: string; env: NodeJS.ProcessEnv }, content: string): string {
  return execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo.root, env: repo.env, input: content, encoding: 'utf8' }).trim();
}

describe('git replace cannot show the hooks other content than the commit records', () => {
  it('pre-commit judges the staged blob itself, and a later run still blocks (the cache is not poisoned)', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    repo.stage({ 'app.py': HIGH_B602 });
    const vulnerable = repo.git('rev-parse', ':app.py').trim();
    repo.git('replace', vulnerable, hashBlob(repo, CLEAN));
    // What git shows by default is the clean stand-in.
    expect(repo.git('cat-file', '-p', vulnerable)).toBe(CLEAN);

    const first = preCommit(repo);
    expect(first.status, output(first)).toBe(1);
    expect(first.stdout).toContain('B602');
    expect(first.stdout).toContain('app.py');

    const again = preCommit(repo);
    expect(again.status, output(again)).toBe(1);
    repo.git('replace', '-d', vulnerable);
    const without = preCommit(repo);
    expect(without.status, output(without)).toBe(1);
    expect(without.stdout).toContain('B602');
  });

  it('through the installed hook, git commit is refused', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    expect(secgate(repo, ['install']).status).toBe(0);
    repo.stage({ 'app.py': HIGH_B602 });
    const vulnerable = repo.git('rev-parse', ':app.py').trim();
    repo.git('replace', vulnerable, hashBlob(repo, CLEAN));
    const result = execFileSyncStatus('git', ['commit', '-q', '-m', 'attack'], repo.root, repo.env);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain('B602');
    expect(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo.root, env: repo.env, encoding: 'utf8' }).trim()).toBe('1');
  });

  it('pre-push judges the pushed blob itself, and a later push still blocks', () => {
    const push = pushRepo();
    const { repo } = push;
    repo.commit({ 'README.md': 'x\n' });
    const tip = repo.commit({ 'app.py': HIGH_B602 });
    const vulnerable = repo.git('rev-parse', `${tip}:app.py`).trim();
    repo.git('replace', vulnerable, hashBlob(repo, CLEAN));
    const input = refLine('refs/heads/main', tip, 'refs/heads/main');

    const first = prePush(push, input);
    expect(first.status, output(first)).toBe(1);
    expect(first.stdout).toContain('B602');
    repo.git('replace', '-d', vulnerable);
    const again = prePush(push, input);
    expect(again.status, output(again)).toBe(1);
    expect(again.stdout).toContain('B602');
  });
});

function execFileSyncStatus(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number; output: string } {
  try {
    const stdout = execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output: stdout };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}\n${failed.stderr}` };
  }
}

describe('an object the index names but the store lacks', () => {
  it('an include whose blob is missing is exit 3, not an absent file (which deps.onParseError "warn" would pass)', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': '{ "deps": { "onParseError": "warn" } }\n', 'requirements.txt': 'flask\n' });
    repo.git('update-index', '--add', '--cacheinfo', `100644,${'1234567890'.repeat(4)},base.txt`);
    repo.stage({ 'requirements.txt': '-r base.txt\n' });
    const result = preCommit(repo);
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain('is missing');
    expect(result.stderr).toContain('A hook never fetches');
  });
});

describe('a partial clone never fetches from a hook', () => {
  /** A bare remote with app.py committed, and a blob-less partial clone of it (nothing checked out). */
  function partialClone() {
    const origin = gitRepo();
    origin.commit({ 'app.py': HIGH_B602, 'lib.py': CLEAN, 'base.txt': 'flask\n', 'requirements.txt': '-r base.txt\n' });
    const bare = join(tempDir(), 'origin.git');
    origin.git('clone', '-q', '--bare', origin.root, bare);
    origin.git('-C', bare, 'config', 'uploadpack.allowfilter', 'true');
    origin.git('-C', bare, 'config', 'uploadpack.allowanysha1inwant', 'true');
    const clone = gitRepo();
    const root = join(tempDir(), 'clone');
    clone.git('clone', '-q', '--filter=blob:none', '--no-checkout', `file://${bare}`, root);
    const run = (...args: string[]) => execFileSync('git', args, { cwd: root, env: clone.env, encoding: 'utf8' });
    const blob = run('rev-parse', 'HEAD:app.py').trim();
    /** Whether the blob (app.py's, or another) is still absent locally (asked without fetching). */
    const missing = (id = blob) => run('rev-list', '--objects', '--missing=print', 'HEAD').includes(`?${id}`);
    return { root, env: clone.env, run, blob, missing, bare };
  }

  it('a staged blob that is not here: exit 3, and nothing was fetched', () => {
    const clone = partialClone();
    expect(clone.missing()).toBe(true);
    clone.run('update-index', '--add', '--cacheinfo', `100644,${clone.blob},copy.py`);
    const result = runCli(['run', 'pre-commit'], { cwd: clone.root, env: clone.env });
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain(`git cat-file -p ${clone.blob}`);
    expect(clone.missing()).toBe(true);
  });

  it('a pushed blob that is not here: exit 3, and nothing was fetched, even when the config allows every protocol', () => {
    const clone = partialClone();
    // A user's config cannot reopen the door: GIT_ALLOW_PROTOCOL overrides it.
    clone.run('config', 'protocol.allow', 'always');
    clone.run('config', 'protocol.file.allow', 'always');
    const elsewhere = join(tempDir(), 'elsewhere.git');
    clone.run('init', '-q', '--bare', elsewhere);
    clone.run('remote', 'add', 'elsewhere', elsewhere);
    const tip = clone.run('rev-parse', 'HEAD').trim();
    const result = runCli(['run', 'pre-push', 'elsewhere', elsewhere], {
      cwd: clone.root,
      env: clone.env,
      input: refLine('refs/heads/main', tip, 'refs/heads/main'),
    });
    expect(result.status, output(result)).toBe(3);
    expect(clone.missing()).toBe(true);
  });

  it('a manifest’s include whose blob is not here is not an absent file: exit 3, nothing fetched', () => {
    const clone = partialClone();
    const base = clone.run('rev-parse', 'HEAD:base.txt').trim();
    clone.run('read-tree', 'HEAD');
    const changed = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: clone.root,
      env: clone.env,
      input: '# our pins\n-r base.txt\n',
      encoding: 'utf8',
    }).trim();
    clone.run('update-index', '--cacheinfo', `100644,${changed},requirements.txt`);
    const result = runCli(['run', 'pre-commit'], { cwd: clone.root, env: clone.env });
    expect(result.status, output(result)).toBe(3);
    expect(clone.missing(base)).toBe(true);
  });

  it('scan --all over an index whose blobs are not here: exit 3, never a pass', () => {
    const clone = partialClone();
    clone.run('read-tree', 'HEAD');
    writeFileSync(join(clone.root, 'marker'), '');
    const result = runCli(['scan', '--all'], { cwd: clone.root, env: clone.env });
    expect(result.status, output(result)).toBe(3);
    expect(clone.missing()).toBe(true);
  });
});
