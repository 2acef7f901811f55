import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { CLEAN, HIGH_B602, LOW_ASSERT, MEDIUM_PICKLE, output, requireBanditAndBuild, secgate, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

describe('usage errors: exit 2', () => {
  it('an unknown flag', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = secgate(repo, ['scan', '--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--bogus');
    expect(result.stdout).not.toContain('B602');
  });

  it('an unknown command', () => {
    const repo = gitRepo();
    const result = secgate(repo, ['scna']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('scna');
  });

  it('an unknown report format', () => {
    const repo = gitRepo();
    const result = secgate(repo, ['scan', '--format', 'xml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('xml');
  });

  it('two modes at once', () => {
    const repo = gitRepo();
    expect(secgate(repo, ['scan', '--all', '--staged']).status).toBe(2);
    repo.write({ 'a.py': CLEAN });
    expect(secgate(repo, ['scan', '--all', 'a.py']).status).toBe(2);
  });

  it('a path that does not exist, and a path outside the repository', () => {
    const repo = gitRepo();
    expect(secgate(repo, ['scan', 'nope.py']).status).toBe(2);
    const outside = secgate(repo, ['scan', repo.home]);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('outside the repository');
  });

  it('no command: usage (exit 2); --help: exit 0', () => {
    const repo = gitRepo();
    expect(secgate(repo, []).status).toBe(2);
    const help = secgate(repo, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('secgate <command>');
  });
});

describe('scan modes', () => {
  it('scan --all scans every tracked file (index), not untracked ones', () => {
    const repo = gitRepo();
    repo.commit({
      'app/deploy.py': HIGH_B602,
      'app/check.py': LOW_ASSERT,
      'lib/load.py': MEDIUM_PICKLE,
      'lib/ok.py': CLEAN,
      'README.md': 'x\n',
    });
    repo.write({ 'scratch.py': HIGH_B602 });
    const result = secgate(repo, ['scan', '--all', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { files: number }; findings: { path: string; id: string; status: string }[] };
    expect(report.summary.files).toBe(4);
    expect(new Set(report.findings.map((f) => f.path))).toEqual(new Set(['app/deploy.py', 'app/check.py', 'lib/load.py']));
    expect(
      report.findings
        .filter((f) => f.status === 'blocking')
        .map((f) => `${f.path} ${f.id}`)
        .sort(),
    ).toEqual(['app/deploy.py B602', 'lib/load.py B301']);
  });

  it('scan --all follows symlinks (judged under the link name) and skips submodules', () => {
    const repo = gitRepo();
    const sha = repo.commit({ 'real.txt': CLEAN, 'ok.py': CLEAN });
    symlinkSync('real.txt', join(repo.root, 'link.py'));
    repo.git('add', 'link.py');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sha},vendor.py`);
    const result = secgate(repo, ['scan', '--all']);
    expect(result.status).toBe(0);
    expect(output(result)).not.toContain('vendor.py');
    expect(result.stdout).toMatch(/in 2 files\b/);
    repo.write({ 'real.txt': HIGH_B602 });
    repo.git('add', 'real.txt');
    const blocked = secgate(repo, ['scan', '--all']);
    expect(blocked.status).toBe(1);
    expect(sectionOf(blocked.stdout, 'link.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b/);
  });

  it('scan --all reports ignores that matched nothing', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ ignore: [{ id: 'B999', reason: 'left over from old code' }] }), 'ok.py': CLEAN });
    const all = secgate(repo, ['scan', '--all']);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/note: .*B999/);
    repo.stage({ 'new.py': CLEAN });
    expect(secgate(repo, ['scan', '--staged']).stdout).not.toContain('B999');
  });

  it('scan -- -x.py scans a file whose name starts with a dash, from the disk', () => {
    const repo = gitRepo();
    repo.write({ '-x.py': HIGH_B602 });
    const result = secgate(repo, ['scan', '--', '-x.py']);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, '-x.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
  });

  it('scan <file> reads the disk, not the index', () => {
    const repo = gitRepo();
    repo.stage({ 'app.py': CLEAN });
    repo.write({ 'app.py': HIGH_B602 });
    expect(secgate(repo, ['scan', 'app.py']).status).toBe(1);
    expect(secgate(repo, ['scan', '--staged']).status).toBe(0);
  });

  it('scan <directory> scans the Python files under it (tracked and untracked, not ignored)', () => {
    const repo = gitRepo();
    repo.commit({ '.gitignore': 'build/\n', 'src/pkg/a.py': LOW_ASSERT, 'other/b.py': HIGH_B602 });
    repo.write({ 'src/pkg/deep/c.py': HIGH_B602, 'src/build/gen.py': HIGH_B602, 'src/notes.txt': 'x\n' });
    const result = secgate(repo, ['scan', '--format', 'json', 'src']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { files: number }; findings: { path: string }[] };
    expect(new Set(report.findings.map((f) => f.path))).toEqual(new Set(['src/pkg/a.py', 'src/pkg/deep/c.py']));
    expect(report.summary.files).toBe(2);
  });

  it('scan <path> from a subdirectory resolves paths against the current directory', () => {
    const repo = gitRepo();
    repo.write({ 'src/app.py': HIGH_B602 });
    const result = secgate(repo, ['scan', 'app.py'], {}, join(repo.root, 'src'));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'src/app.py').join('\n')).toContain('B602');
  });

  it('scan <file> whose name starts with two dots is inside the repository', () => {
    const repo = gitRepo();
    repo.write({ '..hidden.py': HIGH_B602 });
    const result = secgate(repo, ['scan', '..hidden.py']);
    expect(result.stderr).not.toContain('outside the repository');
    expect(result.status).toBe(1);
  });

  it('scan --output writes the report to a file and a summary to stderr', () => {
    const repo = gitRepo();
    mkdirSync(join(repo.home, 'out'));
    repo.stage({ 'deploy.py': HIGH_B602 });
    const file = join(repo.home, 'out', 'report.json');
    const result = secgate(repo, ['scan', '--format', 'json', '--output', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('secgate: blocked');
    const report = JSON.parse(readFileSync(file, 'utf8')) as { findings: { id: string }[] };
    expect(report.findings.map((f) => f.id)).toContain('B602');
  });
});
