import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRepo } from '../../helpers/git-repo.js';
import { INSECURE_PY, hookRepo, secgate } from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

/**
 * secgate's installer beside the pre-commit framework's (real pre-commit
 * 3.0.4, a config with no hooks of its own): in every order of the four
 * commands, a commit is blocked exactly while secgate is installed, the
 * framework never reports itself broken, `doctor` says what is there, and
 * nothing of either is left after both uninstalls.
 */
type Step = 'secgate install' | 'pre-commit install' | 'secgate uninstall' | 'pre-commit uninstall';

// Unreachable: install's database fetch fails at once and says so (the hooks are what is tested here).
const OFFLINE = { SECGATE_OSV_URL: 'http://127.0.0.1:9/PyPI/all.zip' };

function frameworkRepo(): TestRepo {
  const repo = hookRepo();
  repo.commit({ '.pre-commit-config.yaml': 'repos: []\n' }, 'framework config');
  return repo;
}

function step(repo: TestRepo, name: Step): void {
  const [tool, action] = name.split(' ') as ['secgate' | 'pre-commit', string];
  const result =
    tool === 'secgate'
      ? secgate(repo, [action], OFFLINE)
      : spawnSync('pre-commit', [action, '-t', 'pre-commit'], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
  expect(result.status, `${name}: ${result.stdout}${result.stderr}`).toBe(0);
}

/** Commits the staged insecure file; undoes the commit when it went through. */
function commitBlocked(repo: TestRepo): { blocked: boolean; output: string } {
  const before = head(repo);
  const result = commit(repo);
  const output = result.stdout + result.stderr;
  const blocked = head(repo) === before;
  if (!blocked) repo.git('reset', '-q', '--soft', 'HEAD~1');
  // A block that is not secgate's would hide a broken chain.
  if (blocked) expect(output).toContain('B602');
  return { blocked, output };
}

function doctorPreCommit(repo: TestRepo): string {
  const out = secgate(repo, ['doctor']).stdout;
  const lines = out.split('\n');
  const start = lines.findIndex((line) => line.includes('pre-commit:'));
  const end = lines.findIndex((line, i) => i > start && /pre-merge-commit:|pre-push:/.test(line));
  return lines.slice(start, end).join('\n');
}

function check(repo: TestRepo, secgateIn: boolean, frameworkIn: boolean, after: string): void {
  const { blocked, output } = commitBlocked(repo);
  expect(blocked, `after ${after}: ${output}`).toBe(secgateIn);
  expect(output).not.toContain('bug:');
  const doctor = doctorPreCommit(repo);
  if (frameworkIn) expect(doctor, after).toContain("the pre-commit framework's hook");
  if (frameworkIn && secgateIn) expect(doctor, after).toMatch(/ok .*\n.*runs secgate's hook .*pre-commit\.legacy first/);
  if (frameworkIn && !secgateIn) expect(doctor, after).toContain('secgate does not run here');
  if (!frameworkIn && secgateIn) expect(doctor, after).toMatch(/ok +hooks +pre-commit: secgate,/);
  if (!frameworkIn && !secgateIn) expect(doctor, after).toContain('not installed');
}

const ORDERS: Step[][] = [
  ['secgate install', 'pre-commit install', 'secgate uninstall', 'pre-commit uninstall'],
  ['secgate install', 'pre-commit install', 'pre-commit uninstall', 'secgate uninstall'],
  ['secgate install', 'secgate uninstall', 'pre-commit install', 'pre-commit uninstall'],
  ['pre-commit install', 'secgate install', 'secgate uninstall', 'pre-commit uninstall'],
  ['pre-commit install', 'secgate install', 'pre-commit uninstall', 'secgate uninstall'],
  ['pre-commit install', 'pre-commit uninstall', 'secgate install', 'secgate uninstall'],
  // Reinstalling secgate after the framework moved it must not chain the framework's script.
  ['secgate install', 'pre-commit install', 'secgate install', 'pre-commit uninstall', 'secgate uninstall'],
  ['secgate install', 'pre-commit install', 'secgate install', 'secgate uninstall', 'pre-commit install', 'pre-commit uninstall'],
];

describe('secgate beside the pre-commit framework', () => {
  for (const order of ORDERS) {
    it(
      order.join(', '),
      () => {
        const repo = frameworkRepo();
        repo.stage({ 'app.py': INSECURE_PY });
        let secgateIn = false;
        let frameworkIn = false;
        for (const name of order) {
          step(repo, name);
          if (name.startsWith('secgate')) secgateIn = name.endsWith('install') && !name.endsWith('uninstall');
          else frameworkIn = !name.endsWith('uninstall');
          check(repo, secgateIn, frameworkIn, name);
        }
        const left = readdirSync(join(repo.root, '.git', 'hooks')).filter((name) => !name.endsWith('.sample'));
        expect(left).toEqual([]);
      },
      120_000,
    );
  }

  it('repairs what an older secgate left: the framework chained as pre-commit.secgate-previous', () => {
    const repo = frameworkRepo();
    repo.stage({ 'app.py': INSECURE_PY });
    step(repo, 'secgate install');
    step(repo, 'pre-commit install');
    // What reinstalling used to do: the framework's hook moved aside, secgate's written in its place.
    const hooks = join(repo.root, '.git', 'hooks');
    renameSync(join(hooks, 'pre-commit'), join(hooks, 'pre-commit.secgate-previous'));
    copyFileSync(join(hooks, 'pre-commit.legacy'), join(hooks, 'pre-commit'));
    const broken = commit(repo);
    expect(broken.stdout + broken.stderr).toContain("bug: pre-commit's script is installed in migration mode");
    expect(doctorPreCommit(repo)).toContain('run `secgate install` to put it back');

    const repaired = secgate(repo, ['install'], OFFLINE);
    expect(repaired.stdout).toContain('is back at');
    check(repo, true, true, 'secgate install (repair)');
    step(repo, 'secgate uninstall');
    step(repo, 'pre-commit uninstall');
    expect(readdirSync(hooks).filter((name) => !name.endsWith('.sample'))).toEqual([]);
  }, 120_000);
});
