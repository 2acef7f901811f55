import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import {
  CLEAN,
  HIGH_B602,
  LOW_ASSERT,
  MEDIUM_PICKLE,
  UNPARSABLE,
  output,
  preCommit,
  requireBanditAndBuild,
  secgate,
  sectionOf,
} from './support.js';

beforeAll(requireBanditAndBuild);

describe('pre-commit verdicts with the real Bandit', () => {
  it('a staged HIGH finding blocks (exit 1) and the report names the path, B602 and line 3', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'hello\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'deploy.py');
    expect(section.some((line) => /BLOCK\s+HIGH B602\b.*line 3\b/.test(line))).toBe(true);
    expect(section.some((line) => /warn\s+LOW B404\b.*line 1\b/.test(line))).toBe(true);
    expect(result.stdout).toMatch(/secgate: blocked: 1 blocking, 1 warning, 0 ignored in 1 file/);
    // It ends with what to do.
    expect(result.stdout).toContain('SECGATE_BYPASS');
  });

  it('a LOW-only file passes (exit 0) and still shows the warning', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'hello\n' });
    repo.stage({ 'check.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(sectionOf(result.stdout, 'check.py').some((line) => /warn\s+LOW B101\b.*line 2\b/.test(line))).toBe(true);
    expect(result.stdout).toMatch(/secgate: passed: 0 blocking, 1 warning/);
  });

  it('B301 (pickle.loads) is MEDIUM in Bandit 1.6.2 and blocks under the default policy', () => {
    const repo = gitRepo();
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'load.py').some((line) => /BLOCK\s+MEDIUM B301\b.*line 2\b/.test(line))).toBe(true);
  });

  it('a clean file passes with exit 0', () => {
    const repo = gitRepo();
    repo.stage({ 'ok.py': CLEAN });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/secgate: passed: 0 blocking, 0 warnings, 0 ignored in 1 file/);
  });

  it('a file Bandit cannot parse blocks as unscanned (exit 1)', () => {
    const repo = gitRepo();
    repo.stage({ 'broken.py': UNPARSABLE });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'broken.py').join('\n');
    expect(section).toMatch(/BLOCK\s+UNSCANNED/);
    expect(section).toContain('parse');
  });

  it('an unparsable file next to a clean one still blocks: one bad file is enough', () => {
    const repo = gitRepo();
    repo.stage({ 'ok.py': CLEAN, 'broken.py': UNPARSABLE });
    expect(preCommit(repo).status).toBe(1);
  });

  it('scan --staged --format json has the fields of DESIGN.md', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'hello\n' });
    repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
    const result = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      version: number;
      summary: Record<string, number>;
      findings: Record<string, unknown>[];
      errors: unknown[];
    };
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ blocking: 1, warnings: 2, ignored: 0, files: 2, cached: 0 });
    expect(report.errors).toEqual([]);
    const b602 = report.findings.find((f) => f.id === 'B602');
    expect(b602).toMatchObject({
      kind: 'code',
      id: 'B602',
      severity: 'HIGH',
      confidence: 'HIGH',
      path: 'deploy.py',
      line: 3,
      status: 'blocking',
    });
    expect(typeof b602?.message).toBe('string');
    const b101 = report.findings.find((f) => f.id === 'B101');
    expect(b101).toMatchObject({ kind: 'code', severity: 'LOW', path: 'check.py', line: 2, status: 'warning' });
    for (const finding of report.findings) {
      expect(['blocking', 'warning', 'ignored']).toContain(finding.status);
      expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNKNOWN']).toContain(finding.severity);
    }
    // Deterministic order: path, then line.
    expect(report.findings.map((f) => `${String(f.path)}:${String(f.line)}`)).toEqual(['check.py:2', 'deploy.py:1', 'deploy.py:3']);
  });

  it('json report of an unscanned file says so', () => {
    const repo = gitRepo();
    repo.stage({ 'broken.py': UNPARSABLE });
    const result = secgate(repo, ['scan', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Record<string, unknown>[] };
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'unscanned', path: 'broken.py', severity: 'UNKNOWN', status: 'blocking' }),
    ]);
  });

  it('a file over the size limit is blocked as unscanned, never passed', () => {
    const repo = gitRepo();
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'x = 1\n');
    repo.stage({ 'huge.py': big });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'huge.py').join('\n')).toMatch(/BLOCK\s+UNSCANNED/);
  });
});

describe('what pre-commit looks at', () => {
  it('nothing staged: exit 0 and nothing printed', () => {
    const repo = gitRepo();
    repo.commit({ 'deploy.py': CLEAN });
    repo.write({ 'deploy.py': HIGH_B602 }); // changed but not staged
    const result = preCommit(repo);
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('only non-Python files staged: exit 0 and nothing printed', () => {
    const repo = gitRepo();
    repo.stage({ 'notes.txt': 'subprocess.Popen(cmd, shell=True)\n', 'build.sh': '#!/bin/sh\necho hi\n' });
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('a repository with no commits yet (unborn HEAD): the staged file is scanned', () => {
    const repo = gitRepo();
    repo.stage({ 'first.py': HIGH_B602 });
    expect(() => repo.git('rev-parse', '--verify', '-q', 'HEAD')).toThrow();
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'first.py').join('\n')).toContain('B602');
  });

  it('a renamed file is scanned at its new path (its findings inherited from the rename source)', () => {
    const repo = gitRepo();
    repo.commit({ 'old_name.py': HIGH_B602 });
    repo.git('mv', 'old_name.py', 'new_name.py');
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(sectionOf(result.stdout, 'new_name.py').join('\n')).toMatch(/warn\s+HIGH B602\b[^]*inherited: already in HEAD/);
    expect(output(result)).not.toContain('old_name.py');
  });

  it('a deleted file is not scanned: exit 0, nothing printed', () => {
    const repo = gitRepo();
    repo.commit({ 'gone.py': HIGH_B602, 'README.md': 'x\n' });
    repo.git('rm', '-q', 'gone.py');
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('only the staged files are judged, not other vulnerable files already committed', () => {
    const repo = gitRepo();
    repo.commit({ 'legacy.py': HIGH_B602 });
    repo.stage({ 'new.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('legacy.py');
  });

  it('an excluded path (code.exclude) is not scanned', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { exclude: ['tests/**'] } }) });
    repo.stage({ 'tests/test_deploy.py': HIGH_B602 });
    expect(preCommit(repo).status).toBe(0);
    repo.stage({ 'app.py': HIGH_B602 });
    expect(preCommit(repo).status).toBe(1);
  });

  it('run pre-commit takes no arguments (exit 2); an unknown hook is exit 2', () => {
    const repo = gitRepo();
    expect(secgate(repo, ['run', 'pre-commit', 'extra']).status).toBe(2);
    expect(secgate(repo, ['run', 'post-commit']).status).toBe(2);
  });

  it('outside a git repository: a tool error (exit 3), never a pass', () => {
    const repo = gitRepo();
    const elsewhere = repo.home; // a directory outside any repository
    const result = secgate(repo, ['run', 'pre-commit'], { GIT_CEILING_DIRECTORIES: repo.home.replace(/\/[^/]+$/, '') }, elsewhere);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('not inside a git work tree');
  });
});
