import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { output, preCommit, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

/** Stages `source` as app.py in a fresh repository and runs the pre-commit hook (Debian's Bandit 1.6.2). */
function commitPython(source: string) {
  const repo = gitRepo();
  repo.commit({ 'README.md': 'x\n' });
  repo.stage({ 'app.py': source });
  return preCommit(repo);
}

describe('# nosec on Bandit 1.6.2 counts only as a real comment on the finding’s own lines', () => {
  it('a "# nosec" inside a string on the enclosing def does not silence the block', () => {
    const result = commitPython('import subprocess\n\n\ndef run(cmd, tag="# nosec"):\n    subprocess.call(cmd, shell=True)\n');
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602\b.*line 5\b/);
  });

  it('a real # nosec on an enclosing if does not silence the block under it', () => {
    const result = commitPython('import subprocess\n\n\ndef run(cmd, x):\n    if x:  # nosec\n        subprocess.call(cmd, shell=True)\n');
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toMatch(/BLOCK\s+HIGH B602\b.*line 6\b/);
  });

  it('a real # nosec on the finding’s line still silences it', () => {
    const result = commitPython('import subprocess  # nosec\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)  # nosec\n');
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).not.toContain('B602');
    expect(result.stdout).not.toContain('B404');
  });

  it('a # nosec on any line of a call over several lines silences it', () => {
    const result = commitPython('import subprocess  # nosec\nsubprocess.call(  # nosec\n    cmd,\n    shell=True,\n)\n');
    expect(result.status, output(result)).toBe(0);
  });

  it('a # nosec naming other tests does not silence this one; naming it does', () => {
    const other = commitPython('import subprocess  # nosec\nsubprocess.call(cmd, shell=True)  # nosec B603\n');
    expect(other.status, output(other)).toBe(1);
    expect(other.stdout).toContain('B602');
    const named = commitPython('import subprocess  # nosec\nsubprocess.call(cmd, shell=True)  # nosec B602\n');
    expect(named.status, output(named)).toBe(0);
    const byName = commitPython(
      'import subprocess  # nosec\nsubprocess.call(cmd, shell=True)  # nosec: subprocess_popen_with_shell_equals_true\n',
    );
    expect(byName.status, output(byName)).toBe(0);
  });

  it('a "# nosec" in a string on the finding’s own line does not silence it', () => {
    const result = commitPython('import subprocess  # nosec\nsubprocess.call(cmd + "echo \'# nosec\'", shell=True)\n');
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
  });
});
