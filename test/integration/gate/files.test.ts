import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { CLEAN, HIGH_B602, LOW_ASSERT, output, preCommit, requireBanditAndBuild, secgate, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

describe('file names', () => {
  it('names with spaces, unicode and a leading dash are scanned and reported by their exact path', () => {
    const repo = gitRepo();
    repo.stage({ 'my scripts/run deploy.py': HIGH_B602, 'café/ñandú.py': HIGH_B602, '-x.py': HIGH_B602, '--help.py': LOW_ASSERT });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    for (const path of ['my scripts/run deploy.py', 'café/ñandú.py', '-x.py']) {
      expect(sectionOf(result.stdout, path).join('\n'), path).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
    }
    expect(sectionOf(result.stdout, '--help.py').join('\n')).toMatch(/warn\s+LOW B101/);
    expect(result.stdout).toMatch(/in 4 files/);
  });

  it('unicode paths come out unquoted in the JSON report', () => {
    const repo = gitRepo();
    repo.stage({ 'café/ñandú.py': HIGH_B602 });
    const report = JSON.parse(secgate(repo, ['scan', '--format', 'json']).stdout) as { findings: { path: string }[] };
    expect(new Set(report.findings.map((f) => f.path))).toEqual(new Set(['café/ñandú.py']));
  });

  it('two paths with the same content are both reported', () => {
    const repo = gitRepo();
    repo.stage({ 'a/deploy.py': HIGH_B602, 'b/deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'a/deploy.py').join('\n')).toContain('B602');
    expect(sectionOf(result.stdout, 'b/deploy.py').join('\n')).toContain('B602');
  });
});

describe('content that is not clean Python text', () => {
  it('a .py with NUL bytes is blocked as unscanned, no crash', () => {
    const repo = gitRepo();
    repo.stage({ 'blob.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x31, 0x00, 0x00, 0xff, 0xfe, 0x0a]) });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'blob.py').join('\n')).toMatch(/BLOCK\s+UNSCANNED/);
    expect(result.stderr).not.toContain('internal error');
  });

  it('a .py in latin-1 without a coding cookie is blocked as unscanned, no crash', () => {
    const repo = gitRepo();
    repo.stage({ 'latin.py': Buffer.from('# caf\xe9\nname = "\xf1and\xfa"\n', 'latin1') });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'latin.py').join('\n')).toMatch(/BLOCK\s+UNSCANNED/);
    expect(result.stderr).not.toContain('internal error');
  });

  it('scan <path> naming a FIFO is a usage error, never "passed in 0 files"', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    expect(spawnSync('mkfifo', [join(repo.root, 'weird.py')]).status).toBe(0);
    const result = secgate(repo, ['scan', 'weird.py']);
    expect(result.status, output(result)).toBe(2);
    expect(result.stderr).toContain('weird.py is not a file or a folder');
  });

  it('an empty .py is clean', () => {
    const repo = gitRepo();
    repo.stage({ '__init__.py': '' });
    expect(preCommit(repo).status).toBe(0);
  });
});

describe('which files are Python', () => {
  const script = (shebang: string) => `${shebang}\n${HIGH_B602}`;

  it('an extensionless script with a Python shebang is scanned', () => {
    const repo = gitRepo();
    repo.stage({ 'bin/deploy': script('#!/usr/bin/env python3') });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    // The shebang shifts the code down a line.
    expect(sectionOf(result.stdout, 'bin/deploy').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 4/);
  });

  it.each(['#!/usr/bin/python2.7', '#!/usr/bin/env -S python3 -u'])('%s is a Python shebang too', (shebang) => {
    const repo = gitRepo();
    repo.stage({ tool: script(shebang) });
    expect(preCommit(repo).status).toBe(1);
  });

  it('an extensionless script with #!/bin/sh is not scanned', () => {
    const repo = gitRepo();
    repo.stage({ 'bin/deploy': script('#!/bin/sh') });
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('a symlink named .py is judged by its target, under the link name (more in symlinks.test.ts)', () => {
    const repo = gitRepo();
    repo.write({ 'vendor/real.txt': HIGH_B602 });
    symlinkSync('vendor/real.txt', join(repo.root, 'link.py'));
    repo.git('add', '--', 'link.py', 'vendor/real.txt');
    expect(repo.git('ls-files', '-s', 'link.py')).toMatch(/^120000 /);
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'link.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
  });

  it('a submodule entry is skipped', () => {
    const repo = gitRepo();
    const sha = repo.commit({ 'README.md': 'x\n' });
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sha},sub.py`);
    repo.stage({ 'ok.py': CLEAN });
    expect(repo.git('ls-files', '-s', 'sub.py')).toMatch(/^160000 /);
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('sub.py');
    expect(result.stdout).toMatch(/in 1 file\b/);
  });

  it('a submodule entry alone: exit 0, nothing printed', () => {
    const repo = gitRepo();
    const sha = repo.commit({ 'README.md': 'x\n' });
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sha},sub`);
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('many files at once (more than one Bandit process)', () => {
  it('each finding lands on its own file', () => {
    const repo = gitRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`pkg/mod_${String(i).padStart(2, '0')}.py`] = `${CLEAN}\nVALUE_${i} = ${i}\n`;
    files['pkg/mod_07.py'] = HIGH_B602;
    files['pkg/mod_33.py'] = LOW_ASSERT;
    repo.stage(files);
    const result = secgate(repo, ['scan', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { files: number }; findings: { path: string; id: string }[] };
    expect(report.summary.files).toBe(40);
    expect(report.findings.map((f) => `${f.path} ${f.id}`).sort()).toEqual([
      'pkg/mod_07.py B404',
      'pkg/mod_07.py B602',
      'pkg/mod_33.py B101',
    ]);
  });
});
