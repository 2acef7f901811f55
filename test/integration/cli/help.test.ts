import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';

const COMMANDS = ['run', 'scan', 'install', 'uninstall', 'doctor', 'cache', 'db', 'worker'];

describe('every command takes --help and -h', () => {
  it.each(COMMANDS)('secgate %s --help and -h print its usage and exit 0', (command) => {
    const repo = gitRepo();
    for (const flag of ['--help', '-h']) {
      const result = runCli([command, flag], { cwd: repo.root, env: repo.env });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: secgate ${command}\\b`));
      expect(result.stderr).toBe('');
    }
  });

  it('after other options and actions too: scan --all --help, db update -h, cache stats --help', () => {
    const repo = gitRepo();
    for (const [args, usage] of [
      [['scan', '--all', '--help'], 'Usage: secgate scan'],
      [['db', 'update', '-h'], 'Usage: secgate db'],
      [['cache', 'stats', '--help'], 'Usage: secgate cache'],
      [['install', '--hook', 'pre-push', '-h'], 'Usage: secgate install'],
    ] as const) {
      const result = runCli([...args], { cwd: repo.root, env: repo.env });
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain(usage);
    }
    // --help installed nothing.
    expect(existsSync(join(repo.root, repo.git('rev-parse', '--git-path', 'hooks/pre-push').trim()))).toBe(false);
  });

  it("after `--`, -h is a path; after a hook name, it is git's argument: neither is a request for help", () => {
    const repo = gitRepo();
    const path = runCli(['scan', '--', '-h'], { cwd: repo.root, env: repo.env });
    expect(path.status).toBe(2);
    expect(path.stderr).toContain('-h does not exist');
    const hook = runCli(['run', 'pre-commit', '--help'], { cwd: repo.root, env: repo.env });
    expect(hook.status).toBe(2);
    expect(hook.stdout).not.toContain('Usage:');
  });
});
