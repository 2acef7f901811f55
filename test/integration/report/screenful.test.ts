import { describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';

/** 40 modules of 50 asserts each: 2,000 LOW B101 warnings from the real Bandit, and one HIGH B602 that blocks. */
function manyWarnings(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    files[`app/module_${i}.py`] = `${Array.from({ length: 50 }, (_, n) => `assert value_${n} > 0`).join('\n')}\n`;
  }
  files['deploy.py'] = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.Popen("ssh " + host, shell=True)\n';
  return files;
}

describe('a run with 2,000 warnings (real git, real Bandit)', () => {
  it('prints a screenful: the blocking finding once, warnings counted by group; --verbose and SECGATE_VERBOSE=1 list all; JSON holds all', () => {
    const repo = gitRepo();
    repo.stage(manyWarnings());

    const text = runCli(['scan', '--staged'], { cwd: repo.root, env: repo.env });
    expect(text.status).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(30);
    expect(text.stdout.match(/BLOCK {3}HIGH B602/g)).toHaveLength(1);
    expect(text.stdout).toContain('LOW B101 (assert_used) ×2000 in 40 files (first at app/module_0.py:1)');
    // Blocking first: the finding that blocks comes before the counted warnings.
    expect(text.stdout.indexOf('B602')).toBeLessThan(text.stdout.indexOf('×2000'));
    expect(text.stdout).toContain('secgate: blocked: 1 blocking, 2001 warnings, 0 ignored in 41 files');

    const verbose = runCli(['scan', '--staged', '--verbose'], { cwd: repo.root, env: repo.env });
    expect(verbose.stdout.match(/ {2}warn {4}LOW B101/g)).toHaveLength(2000);

    const json = runCli(['scan', '--staged', '--format', 'json'], { cwd: repo.root, env: repo.env });
    const report = JSON.parse(json.stdout) as { findings: { id: string; status: string }[] };
    expect(report.findings.filter((finding) => finding.id === 'B101')).toHaveLength(2000);

    // A hook gets no flags: the environment asks for every finding.
    const hook = runCli(['run', 'pre-commit'], { cwd: repo.root, env: repo.env });
    expect(hook.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(30);
    const hookVerbose = runCli(['run', 'pre-commit'], { cwd: repo.root, env: { ...repo.env, SECGATE_VERBOSE: '1' } });
    expect(hookVerbose.stdout.match(/ {2}warn {4}LOW B101/g)).toHaveLength(2000);
  });
});
