import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';
import { sarifSchemaErrors } from '../../helpers/sarif.js';

// Bandit: B404 (LOW) at line 1, B602 (HIGH) at line 5.
const SHELL_TRUE = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.Popen("ssh " + host, shell=True)\n';

function results(log: Log) {
  return log.runs[0]?.results ?? [];
}

describe('scan --format sarif (real git, real Bandit)', () => {
  it('writes valid SARIF with B602 at its line in the staged file, and nothing else on stdout', () => {
    const repo = gitRepo();
    repo.stage({ 'app/deploy.py': SHELL_TRUE, 'clean.py': 'x = 1\n' });
    const run = runCli(['scan', '--staged', '--format', 'sarif'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const b602 = results(log).find((result) => result.ruleId === 'B602');
    expect(b602?.level).toBe('error');
    expect(b602?.locations?.[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'app/deploy.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5 },
    });
    expect(results(log).find((result) => result.ruleId === 'B404')?.level).toBe('warning');
    expect(log.runs[0]?.tool.driver.rules?.map((rule) => rule.id)).toEqual(['B404', 'B602']);
  });

  it('scanned from a subfolder, still gives paths from the repository root', () => {
    const repo = gitRepo();
    repo.stage({ 'app/deploy.py': SHELL_TRUE });
    const run = runCli(['scan', '--staged', '--format', 'sarif'], { cwd: join(repo.root, 'app'), env: repo.env });
    const log = JSON.parse(run.stdout) as Log;
    expect(results(log).map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      'app/deploy.py',
      'app/deploy.py',
    ]);
  });

  it('writes the same SARIF the second time, from the cache', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': SHELL_TRUE });
    const first = runCli(['scan', '--staged', '--format', 'sarif', '--output', 'first.sarif'], { cwd: repo.root, env: repo.env });
    const second = runCli(['scan', '--staged', '--format', 'sarif', '--output', 'second.sarif'], { cwd: repo.root, env: repo.env });
    expect([first.status, second.status]).toEqual([1, 1]);
    expect(second.stderr).toContain('(1 from cache)');
    expect(readFileSync(join(repo.root, 'second.sarif'), 'utf8')).toBe(readFileSync(join(repo.root, 'first.sarif'), 'utf8'));
  });
});
