import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { prePush, pushedIn, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { CLEAN, HIGH_B602, output, preCommit, requireBanditAndBuild, secgate, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

/** Makes a symlink in the work tree (parents created); stages it unless told not to. */
function link(repo: TestRepo, path: string, target: string, options: { stage?: boolean } = {}): void {
  mkdirSync(dirname(join(repo.root, path)), { recursive: true });
  symlinkSync(target, join(repo.root, path));
  if (options.stage !== false) repo.git('add', '--', path);
}

interface Report {
  summary: { blocking: number; files: number; cached: number };
  findings: { kind: string; id: string; path: string; line: number; status: string; message: string }[];
}
function json(repo: TestRepo, args: string[]): { status: number | null; report: Report } {
  const result = secgate(repo, [...args, '--format', 'json']);
  try {
    return { status: result.status, report: JSON.parse(result.stdout) as Report };
  } catch {
    throw new Error(`not a JSON report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}
const blockingAt = (report: Report) =>
  report.findings
    .filter((f) => f.status === 'blocking')
    .map((f) => `${f.path} ${f.id}`)
    .sort();

describe('a Python-named symlink is judged by its target, under its own name', () => {
  it('app.py -> impl.txt staged alone blocks at commit and at scan --staged; the finding is on app.py', () => {
    const repo = gitRepo();
    // impl.txt is no Python file by name: committed on its own, nothing scans it.
    repo.commit({ 'impl.txt': HIGH_B602 });
    link(repo, 'app.py', 'impl.txt');
    expect(repo.git('ls-files', '-s', 'app.py')).toMatch(/^120000 /);

    const hook = preCommit(repo);
    expect(hook.status).toBe(1);
    expect(sectionOf(hook.stdout, 'app.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);

    const staged = json(repo, ['scan', '--staged']);
    expect(staged.status).toBe(1);
    expect(blockingAt(staged.report)).toEqual(['app.py B602']);
  });

  it('scan --all and scan app.py (from the disk) block too', () => {
    const repo = gitRepo();
    repo.write({ 'impl.txt': HIGH_B602, 'ok.py': CLEAN });
    link(repo, 'app.py', 'impl.txt', { stage: false });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'x');

    const all = json(repo, ['scan', '--all']);
    expect(all.status).toBe(1);
    expect(blockingAt(all.report)).toEqual(['app.py B602']);
    expect(all.report.summary.files).toBe(2);

    const disk = json(repo, ['scan', 'app.py']);
    expect(disk.status).toBe(1);
    expect(blockingAt(disk.report)).toEqual(['app.py B602']);
  });

  it('the link is read from the index, not the disk: a staged link to clean code passes though the disk says otherwise', () => {
    const repo = gitRepo();
    repo.commit({ 'clean.txt': CLEAN, 'bad.txt': HIGH_B602 });
    link(repo, 'app.py', 'clean.txt');
    // The work tree's link now points elsewhere; the index still records clean.txt.
    repo.git('rm', '-q', '--cached', '--', 'app.py');
    repo.git('add', '--', 'app.py');
    writeFileSync(join(repo.root, 'clean.txt'), HIGH_B602);
    expect(preCommit(repo).status).toBe(0);
  });

  it('a link in a folder, through a linked folder and a chain, with .. in the target', () => {
    const repo = gitRepo();
    repo.commit({ 'vendor/lib/impl.txt': HIGH_B602 });
    link(repo, 'lib', 'vendor/lib');
    link(repo, 'pkg/mid', '../lib/impl.txt');
    link(repo, 'pkg/app.py', 'mid');
    const result = json(repo, ['scan', '--staged']);
    expect(result.status).toBe(1);
    // pkg/mid has no Python name and is no script of its own; lib is a folder.
    expect(blockingAt(result.report)).toEqual(['pkg/app.py B602']);
  });

  it('the cache is keyed by the target content: the link and a copy of its target share one entry', () => {
    const repo = gitRepo();
    repo.stage({ 'impl.py': HIGH_B602 });
    link(repo, 'app.py', 'impl.py');
    const first = json(repo, ['scan', '--staged']);
    expect(blockingAt(first.report)).toEqual(['app.py B602', 'impl.py B602']);
    const again = json(repo, ['scan', '--staged']);
    expect(again.report.summary.cached).toBe(2);
    expect(blockingAt(again.report)).toEqual(['app.py B602', 'impl.py B602']);
  });

  it('a link to a folder is no file: skipped, its files are judged under their own names', () => {
    const repo = gitRepo();
    repo.commit({ 'src/m.py': CLEAN });
    link(repo, 'pkg.py', 'src');
    link(repo, 'tool', 'src');
    repo.stage({ 'ok.py': CLEAN });
    const result = json(repo, ['scan', '--staged']);
    expect(result.status).toBe(0);
    expect(result.report.summary.files).toBe(1);
    expect(result.report.findings).toEqual([]);
  });

  it('an extensionless link to a Python-shebang file is a Python script', () => {
    const repo = gitRepo();
    repo.commit({ 'scripts/tool.txt': `#!/usr/bin/env python3\n${HIGH_B602}` });
    link(repo, 'bin/tool', '../scripts/tool.txt');
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'bin/tool').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 4/);
  });

  it('a symlink pushed blocks at push, at the pushed commit, under the link name', () => {
    const push = pushRepo();
    push.repo.commit({ 'README.md': 'hi\n', 'impl.txt': HIGH_B602 });
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    link(push.repo, 'app.py', 'impl.txt');
    push.repo.git('commit', '-q', '--no-verify', '-m', 'link');
    const tip = push.repo.git('rev-parse', 'HEAD').trim();
    // The work tree changes nothing: the pushed commit is judged.
    writeFileSync(join(push.repo.root, 'impl.txt'), CLEAN);

    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'app.py').join('\n');
    expect(section).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
    expect(section).toContain(pushedIn('refs/heads/main', tip));
  });
});

describe('a change to the target alone re-judges the unchanged link', () => {
  it('impl.txt staged alone: app.py -> impl.txt blocks at commit and at scan --staged, under app.py', () => {
    const repo = gitRepo();
    repo.write({ 'impl.txt': CLEAN });
    link(repo, 'app.py', 'impl.txt', { stage: false });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'clean');
    repo.stage({ 'impl.txt': HIGH_B602 });

    const hook = preCommit(repo);
    expect(hook.status).toBe(1);
    expect(sectionOf(hook.stdout, 'app.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
    const staged = json(repo, ['scan', '--staged']);
    expect(blockingAt(staged.report)).toEqual(['app.py B602']);

    repo.git('commit', '-q', '--no-verify', '-m', 'bad');
    const since = json(repo, ['scan', '--since', 'HEAD~1']);
    expect(since.status).toBe(1);
    expect(blockingAt(since.report)).toEqual(['app.py B602']);
  });

  it('a pushed change to the target alone blocks the push, naming the link', () => {
    const push = pushRepo();
    push.repo.write({ 'impl.txt': CLEAN });
    link(push.repo, 'app.py', 'impl.txt', { stage: false });
    push.repo.git('add', '-A');
    push.repo.git('commit', '-q', '--no-verify', '-m', 'clean');
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    const tip = push.repo.commit({ 'impl.txt': HIGH_B602 });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'app.py').join('\n');
    expect(section).toMatch(/BLOCK\s+HIGH B602\b.*line 3/);
    expect(section).toContain(pushedIn('refs/heads/main', tip));
  });

  it('a staged file no link leads to changes nothing: exit 0, nothing printed', () => {
    const repo = gitRepo();
    repo.write({ 'impl.txt': CLEAN });
    link(repo, 'app.py', 'impl.txt', { stage: false });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'clean');
    repo.stage({ 'other.txt': HIGH_B602 });
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it("the hook remembers HEAD's links from commit to commit: a link committed since (past the hook) is found, a damaged memo is rebuilt", () => {
    const repo = gitRepo();
    repo.commit({ 'impl.txt': CLEAN });
    repo.stage({ 'notes.txt': 'x\n' });
    expect(preCommit(repo).status).toBe(0);
    const memo = join(repo.root, '.git', 'secgate', 'links.json');
    expect(JSON.parse(readFileSync(memo, 'utf8'))).toMatchObject({ links: [] });

    link(repo, 'app.py', 'impl.txt');
    repo.git('commit', '-q', '--no-verify', '-m', 'link');
    repo.stage({ 'impl.txt': HIGH_B602 });
    const hook = preCommit(repo);
    expect(hook.status).toBe(1);
    expect(sectionOf(hook.stdout, 'app.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b/);
    expect(JSON.parse(readFileSync(memo, 'utf8'))).toMatchObject({
      commit: repo.git('rev-parse', 'HEAD').trim(),
      links: [['app.py', expect.any(String)]],
    });

    writeFileSync(memo, '{"commit": "not json');
    expect(preCommit(repo).status).toBe(1);
    writeFileSync(memo, JSON.stringify({ commit: '0'.repeat(40), links: [] }));
    expect(preCommit(repo).status).toBe(1);
  });

  it('the hook finds the links from a subfolder too', () => {
    const repo = gitRepo();
    repo.write({ 'lib/impl.txt': CLEAN });
    link(repo, 'app.py', 'lib/impl.txt', { stage: false });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'clean');
    repo.stage({ 'lib/impl.txt': HIGH_B602 });
    const hook = secgate(repo, ['run', 'pre-commit'], {}, join(repo.root, 'lib'));
    expect(hook.status).toBe(1);
    expect(sectionOf(hook.stdout, 'app.py').join('\n')).toMatch(/BLOCK\s+HIGH B602\b/);
  });
});

describe('a symlink that leads nowhere readable is reported, never a silent pass', () => {
  it('out of the tree (absolute): blocked as unscanned, and code.onParseError "warn" lets it pass with a warning', () => {
    const repo = gitRepo();
    const outside = join(tempDir(), 'impl.py');
    writeFileSync(outside, HIGH_B602);
    link(repo, 'app.py', outside);
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'app.py').join('\n');
    expect(section).toContain(`BLOCK   UNSCANNED line 1: app.py is a symbolic link to ${outside}, which is outside the repository`);
    expect(result.stdout).toContain('point the link at a file inside the repository');

    const report = json(repo, ['scan', '--staged']).report;
    expect(report.findings).toMatchObject([{ kind: 'unscanned', id: 'symlink', path: 'app.py', line: 1, status: 'blocking' }]);

    repo.write({ '.secgaterc.json': JSON.stringify({ code: { onParseError: 'warn' } }) });
    repo.git('add', '.secgaterc.json');
    const warned = preCommit(repo);
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain('outside the repository');
  });

  it('out of the tree by .. : blocked', () => {
    const repo = gitRepo();
    link(repo, 'pkg/app.py', '../../elsewhere/impl.py');
    const { status, report } = json(repo, ['scan', '--staged']);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ id: 'symlink', path: 'pkg/app.py', status: 'blocking' }]);
    expect(report.findings[0]?.message).toContain('outside the repository');
  });

  it('dangling in the index (the target exists only on disk, untracked): blocked at commit; scan app.py reads the disk', () => {
    const repo = gitRepo();
    repo.write({ 'impl.txt': HIGH_B602 });
    link(repo, 'app.py', 'impl.txt');
    const hook = preCommit(repo);
    expect(hook.status).toBe(1);
    expect(output(hook)).toContain('app.py is a symbolic link to impl.txt, which is not in the repository');

    const disk = json(repo, ['scan', 'app.py']);
    expect(disk.status).toBe(1);
    expect(blockingAt(disk.report)).toEqual(['app.py B602']);
  });

  it('a link loop ends with a clear blocking result, at commit and from the disk', () => {
    const repo = gitRepo();
    link(repo, 'a.py', 'b.py');
    link(repo, 'b.py', 'a.py');
    const hook = preCommit(repo);
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain('a.py is a symbolic link that leads round in a loop');
    const disk = json(repo, ['scan', 'a.py', 'b.py']);
    expect(disk.status).toBe(1);
    expect(blockingAt(disk.report)).toEqual(['a.py symlink', 'b.py symlink']);
  });

  it('scan --all reports a dangling Python-named link', () => {
    const repo = gitRepo();
    link(repo, 'app.py', 'gone.py');
    repo.git('commit', '-q', '--no-verify', '-m', 'x');
    const { status, report } = json(repo, ['scan', '--all']);
    expect(status).toBe(1);
    expect(blockingAt(report)).toEqual(['app.py symlink']);
  });

  it('a broken link under code.exclude is not reported', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { exclude: ['deploy/**'] } }) });
    link(repo, 'deploy/settings.py', '/etc/app/settings.py');
    expect(preCommit(repo).status).toBe(0);
  });

  it('an extensionless link out of the tree says nothing about Python: not reported', () => {
    const repo = gitRepo();
    link(repo, 'bin/node', '/usr/bin/node');
    expect(preCommit(repo)).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('Python shebangs', () => {
  const script = (shebang: string) => `${shebang}\n${HIGH_B602}`;
  it.each([
    '#!/usr/bin/pypy',
    '#!/usr/bin/env pypy3',
    '#!/usr/bin/python3.12',
    '#!/usr/bin/env python3.13t',
    '#!/usr/bin/env pythonw',
    '#!/usr/bin/env -S python3 -u',
    '#!/usr/bin/env -S uv run --script',
    '#!/usr/bin/env -S pipx run',
  ])('%s blocks', (shebang) => {
    const repo = gitRepo();
    repo.stage({ tool: script(shebang) });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'tool').join('\n')).toMatch(/BLOCK\s+HIGH B602\b.*line 4/);
  });
});
