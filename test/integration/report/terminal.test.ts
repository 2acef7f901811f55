import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';

const SHELL_TRUE = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.Popen("ssh " + host, shell=True)\n';
const ESCAPE = '\u001b';

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`), sized like a
 * terminal window, so that isTTY is true as it is for a person; returns what
 * the terminal showed (stdout and stderr together).
 */
function onTerminal(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv): { status: number | null; shown: string } {
  const command = `stty cols 100 rows 40; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: repo.root,
    env,
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, shown: result.stdout };
}

function withoutNoColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NO_COLOR: _noColor, ...rest } = env;
  return rest;
}

describe('scan on a terminal (real git, real Bandit, a pseudo-terminal)', () => {
  it('colours the summary on a plain terminal (so the checks below can fail)', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = onTerminal(repo, ['scan', '--staged', '--format', 'sarif', '--output', 'out.sarif'], withoutNoColor(repo.env));
    expect(run.status).toBe(1);
    expect(run.shown).toContain('secgate: blocked');
    expect(run.shown).toContain(ESCAPE);
  });

  it('writes no escape codes in CI, even on a terminal', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = onTerminal(repo, ['scan', '--staged', '--format', 'sarif', '--output', 'out.sarif'], {
      ...withoutNoColor(repo.env),
      CI: 'true',
    });
    expect(run.status).toBe(1);
    expect(run.shown).toContain('secgate: blocked');
    expect(run.shown).not.toContain(ESCAPE);
  });

  it('writes no escape codes with NO_COLOR', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = onTerminal(repo, ['scan', '--staged'], { ...repo.env, NO_COLOR: '1' });
    expect(run.status).toBe(1);
    expect(run.shown).toContain('BLOCK   HIGH B602');
    expect(run.shown).not.toContain(ESCAPE);
  });
});
