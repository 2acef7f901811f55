import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';
import { HIGH_B602, preCommit, requireBanditAndBuild, secgate, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

/** B301 MEDIUM (pickle.loads) on line 4, B403 LOW on line 1. */
const OLD_PICKLE = 'import pickle\n\ndef load(x):\n    return pickle.loads(x)\n';
const INHERITED = /inherited: already in HEAD; set "inherited": "fail" to block it/;

interface JsonFinding {
  id: string;
  line: number;
  status: string;
  note?: string;
  path: string;
}

function staged(repo: TestRepo): { status: number | null; findings: JsonFinding[] } {
  const result = secgate(repo, ['scan', '--staged', '--format', 'json']);
  return { status: result.status, findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings };
}

function withOldFinding(): TestRepo {
  const repo = gitRepo();
  repo.commit({ 'load.py': OLD_PICKLE }, 'an old finding');
  return repo;
}

describe('pre-commit: new findings block, inherited ones warn (real Bandit)', () => {
  it('an inherited code finding warns while a new one in the same commit blocks', () => {
    const repo = withOldFinding();
    repo.stage({ 'load.py': `${OLD_PICKLE}\ndef run(cmd):\n    return eval(cmd)\n` });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'load.py');
    expect(section.some((line) => /warn\s+MEDIUM B301\b.*line 4\b/.test(line))).toBe(true);
    expect(section.some((line) => INHERITED.test(line))).toBe(true);
    expect(section.some((line) => /BLOCK\s+MEDIUM B307\b.*line 7\b/.test(line))).toBe(true);
    expect(result.stdout).toMatch(/blocked: 1 blocking/);
  });

  it('moving a finding (an edit above it) leaves it inherited', () => {
    const repo = withOldFinding();
    repo.stage({
      'load.py': `"""Loading."""\n# more lines above\n\n${OLD_PICKLE.replace('    return', '        return').replace('def load(x):', 'def load(x):\n    if x:')}`,
    });
    const { status, findings } = staged(repo);
    const b301 = findings.find((finding) => finding.id === 'B301');
    expect(b301?.line).toBe(8);
    expect(b301?.status).toBe('warning');
    expect(b301?.note).toMatch(INHERITED);
    expect(status).toBe(0);
  });

  it('changing the flagged line makes the finding new', () => {
    const repo = withOldFinding();
    repo.stage({ 'load.py': OLD_PICKLE.replace('pickle.loads(x)', 'pickle.loads(x + b"")') });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'load.py').some((line) => /BLOCK\s+MEDIUM B301\b/.test(line))).toBe(true);
    expect(result.stdout).not.toMatch(INHERITED);
  });

  it('a second copy of an inherited line is new: findings are counted per occurrence', () => {
    const repo = withOldFinding();
    repo.stage({ 'load.py': `${OLD_PICKLE}\ndef again(x):\n    return pickle.loads(x)\n` });
    const { status, findings } = staged(repo);
    const b301 = findings.filter((finding) => finding.id === 'B301').map((finding) => finding.status);
    expect(b301.sort()).toEqual(['blocking', 'warning']);
    expect(status).toBe(1);
  });

  it('"inherited": "fail" blocks inherited findings too', () => {
    const repo = gitRepo();
    repo.commit({ 'load.py': OLD_PICKLE, '.secgaterc.json': '{ "inherited": "fail" }\n' });
    repo.stage({ 'load.py': `# touched\n${OLD_PICKLE}` });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'load.py').some((line) => /BLOCK\s+MEDIUM B301\b/.test(line))).toBe(true);
    expect(result.stdout).not.toMatch(INHERITED);
  });

  it('an unborn branch has no parent: everything is new', () => {
    const repo = gitRepo();
    repo.stage({ 'load.py': OLD_PICKLE });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(INHERITED);
  });

  it('a renamed file keeps its findings inherited (compared with the rename source)', () => {
    const repo = gitRepo();
    repo.commit({ 'deploy.py': HIGH_B602 });
    repo.git('rm', '-q', 'deploy.py');
    repo.stage({ 'ops/deploy.py': `# moved\n${HIGH_B602}` });
    const result = preCommit(repo);
    expect(result.status).toBe(0);
    const section = sectionOf(result.stdout, 'ops/deploy.py');
    expect(section.some((line) => /warn\s+HIGH B602\b.*line 4\b/.test(line))).toBe(true);
    expect(section.some((line) => INHERITED.test(line))).toBe(true);
  });

  it('a file that did not parse before and does not parse now is new (its new content was never looked at); a pure rename of it is inherited', () => {
    // The attack: a syntax error committed once (say, with --no-verify), then code added to the file under it on every commit.
    const repo = gitRepo();
    repo.commit({ 'broken.py': 'def broken(:\n    return\n', 'fine.py': 'x = 1\n', 'old.py': 'def old(:\n' });
    repo.stage({ 'broken.py': 'def broken(:\n    return 2\nimport os\nos.system(input())\n', 'fine.py': 'def f(:\n' });
    const { status, findings } = staged(repo);
    expect(findings.find((finding) => finding.path === 'broken.py')?.status).toBe('blocking');
    expect(findings.find((finding) => finding.path === 'fine.py')?.status).toBe('blocking');
    expect(status).toBe(1);
    expect(preCommit(repo).status).toBe(1);

    // The same blob under another name: nothing new to look at.
    repo.git('reset', '-q');
    repo.git('checkout', '--', '.');
    repo.git('mv', 'old.py', 'renamed.py');
    const renamed = staged(repo);
    const finding = renamed.findings.find((f) => f.path === 'renamed.py');
    expect(finding?.status).toBe('warning');
    expect(finding?.note).toMatch(INHERITED);
    expect(renamed.status).toBe(0);
  });

  it('pre-merge-commit compares with HEAD (the first parent): what the merge brings in is new to this branch, what HEAD had is inherited', () => {
    const repo = gitRepo();
    repo.commit({ 'load.py': OLD_PICKLE, 'tool.py': 'x = 1\n' }, 'base');
    repo.git('checkout', '-q', '-b', 'other');
    repo.commit({ 'tool.py': 'x = 1\nprint(eval("1"))\n', 'load.py': `# other side\n${OLD_PICKLE}` }, 'other');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'notes.md': 'main moves\n' }, 'main');
    repo.git('merge', '-q', '--no-commit', '--no-ff', 'other');
    const result = secgate(repo, ['run', 'pre-merge-commit']);
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'tool.py').some((line) => /BLOCK\s+MEDIUM B307\b/.test(line))).toBe(true);
    const load = sectionOf(result.stdout, 'load.py');
    expect(load.some((line) => /warn\s+MEDIUM B301\b.*line 5\b/.test(line))).toBe(true);
    expect(load.some((line) => INHERITED.test(line))).toBe(true);
  });

  it("a symlink's findings are compared with what the parent's link led to", () => {
    const repo = gitRepo();
    // impl.txt has no Python name of its own: it is judged as the link app.py that imports it.
    repo.commit({ 'impl.txt': OLD_PICKLE });
    symlinkSync('impl.txt', join(repo.root, 'app.py'));
    repo.git('add', 'app.py');
    repo.git('commit', '-q', '-m', 'link');
    repo.stage({ 'impl.txt': `# edited elsewhere\n${OLD_PICKLE}` });
    const result = preCommit(repo);
    const section = sectionOf(result.stdout, 'app.py');
    expect(section.some((line) => /warn\s+MEDIUM B301\b.*line 5\b/.test(line))).toBe(true);
    expect(section.some((line) => INHERITED.test(line))).toBe(true);
    expect(result.status).toBe(0);
  });

  it('scan --since compares with the merge base', () => {
    const repo = gitRepo();
    repo.commit({ 'load.py': OLD_PICKLE }, 'base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ 'load.py': `${OLD_PICKLE}\ndef run(cmd):\n    return eval(cmd)\n` }, 'feature');
    const result = secgate(repo, ['scan', '--since', 'main', '--format', 'json']);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const base = repo.git('rev-parse', 'main').trim();
    expect(findings.find((finding) => finding.id === 'B301')?.note).toBe(
      `inherited: already in ${base.slice(0, 12)}; set "inherited": "fail" to block it`,
    );
    expect(findings.find((finding) => finding.id === 'B307')?.status).toBe('blocking');
    expect(result.status).toBe(1);
  });

  it('scan --all judges every finding as new: the whole-repository policy', () => {
    const repo = withOldFinding();
    repo.stage({ 'load.py': `# touched\n${OLD_PICKLE}` });
    const result = secgate(repo, ['scan', '--all']);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(INHERITED);
  });
});
