import { describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { runCli } from '../../helpers/run-cli.js';

const SHELL_TRUE = 'import subprocess\n\n\ndef deploy(host):\n    subprocess.Popen("ssh " + host, shell=True)\n';

interface JsonReport {
  summary: { files: number; blocking: number };
  findings: { id: string; path: string; line: number }[];
}

/**
 * main:     base (old.py) ── later (changes old.py, adds main-only.py)
 *              \
 * feature:      feature (adds new.py with B602, clean.py)   ← HEAD
 */
function branchedRepo() {
  const repo = gitRepo();
  repo.commit({ 'old.py': SHELL_TRUE }, 'base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit({ 'new.py': SHELL_TRUE, 'clean.py': 'x = 1\n' }, 'feature');
  repo.git('checkout', '-q', 'main');
  repo.commit({ 'old.py': `${SHELL_TRUE}# touched on main\n`, 'main-only.py': SHELL_TRUE }, 'later');
  repo.git('checkout', '-q', 'feature');
  return repo;
}

describe('scan --since (real git, real Bandit)', () => {
  it('judges only the files changed since the merge base, as committed at HEAD', () => {
    const repo = branchedRepo();
    // Neither the work tree nor the index is what CI judges: only HEAD.
    repo.write({ 'new.py': 'print("fixed, but not committed")\n' });
    repo.stage({ 'staged.py': SHELL_TRUE });
    const run = runCli(['scan', '--since', 'main', '--format', 'json'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary.files).toBe(2);
    expect([...new Set(report.findings.map((finding) => finding.path))]).toEqual(['new.py']);
    expect(report.findings.find((finding) => finding.id === 'B602')?.line).toBe(5);
  });

  it('passes when nothing changed since the ref', () => {
    const repo = branchedRepo();
    const run = runCli(['scan', '--since', 'HEAD', '--format', 'json'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as JsonReport).summary).toMatchObject({ files: 0, blocking: 0 });
  });

  it('writes SARIF for the changed files to a file, as the CI job in docs/ci.md does', () => {
    const repo = branchedRepo();
    const run = runCli(['scan', '--since', 'main', '--format', 'sarif', '--output', 'secgate.sarif'], {
      cwd: repo.root,
      env: { ...repo.env, CI: 'true' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('B602 at new.py:5');
    expect(run.stderr).not.toContain('old.py');
  });

  it('is a usage error for a ref that does not exist', () => {
    const repo = branchedRepo();
    const run = runCli(['scan', '--since', 'origin/nope'], { cwd: repo.root, env: repo.env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--since origin/nope: no such ref');
  });
});
