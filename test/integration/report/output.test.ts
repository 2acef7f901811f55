import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { sarifSchemaErrors } from '../../helpers/sarif.js';

const SHELL_TRUE = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.Popen("ssh " + host, shell=True)\n';

describe('scan --output (real git, real Bandit)', () => {
  it('puts SARIF in the file and the summary with each remedy on the terminal', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = runCli(['scan', '--staged', '--format', 'sarif', '--output', 'secgate.sarif'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(sarifSchemaErrors(JSON.parse(readFileSync(join(repo.root, 'secgate.sarif'), 'utf8')) as Log)).toEqual([]);
    expect(run.stderr).toContain('secgate: blocked: 1 blocking, 1 warning, 0 ignored in 1 file (0 from cache)');
    expect(run.stderr).toMatch(/ {2}- B602 at deploy\.py:5: change the code; see https:\/\/bandit\.readthedocs\.io\/\S+b602/);
    expect(run.stderr).toContain('secgate: report written to secgate.sarif');
  });

  it('with text, puts the whole report in the file and only the summary on the terminal', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = runCli(['scan', '--staged', '--output', 'report.txt'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const report = readFileSync(join(repo.root, 'report.txt'), 'utf8');
    expect(report.startsWith('deploy.py\n')).toBe(true);
    expect(report).toMatch(/ {2}BLOCK {3}HIGH B602 \(subprocess_popen_with_shell_equals_true\) line 5:/);
    expect(report).toContain('secgate: blocked: 1 blocking');
    expect(run.stderr).toContain('secgate: blocked: 1 blocking');
    expect(run.stderr).toContain('B602 at deploy.py:5');
    expect(run.stderr).not.toContain('BLOCK   HIGH');
  });

  it('resolves the file from where secgate runs, and passes when nothing blocks', () => {
    const repo = gitRepo();
    repo.stage({ 'lib/clean.py': 'x = 1\n' });
    const run = runCli(['scan', '--staged', '--format', 'json', '--output', 'out.json'], { cwd: join(repo.root, 'lib'), env: repo.env });
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(repo.root, 'lib', 'out.json'), 'utf8')) as { summary: { files: number; blocking: number } };
    expect(report.summary).toMatchObject({ files: 1, blocking: 0 });
    expect(run.stderr).toContain('secgate: passed: 0 blocking');
    expect(run.stderr).not.toContain('What to do');
  });

  it('is a usage error, with a remedy, when the file cannot be written', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const run = runCli(['scan', '--staged', '--format', 'sarif', '--output', 'no/such/folder/out.sarif'], {
      cwd: repo.root,
      env: repo.env,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Cannot write the report to no/such/folder/out.sarif: ENOENT');
    expect(run.stderr).toContain('leave out --output');
  });
});
