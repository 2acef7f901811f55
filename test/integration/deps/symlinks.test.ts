import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { prePush, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { sectionOf } from '../gate/support.js';
import { about, configWith, copyWarmIndex, depsRepo, requireDataAndBuild, scanJson, secgate } from './support.js';

beforeAll(requireDataAndBuild);

// jinja2 2.10 is affected by PYSEC-2019-217 and PYSEC-2021-66 in the shared data; 3.1.4 by none.
const VULNERABLE = 'jinja2==2.10\n';
const SAFE = 'jinja2==3.1.4\n';
const POETRY_LOCK = `[[package]]
name = "jinja2"
version = "2.10"
description = "A very fast and expressive template engine."
optional = false
python-versions = "*"
files = []
`;

/** Makes a symlink in the work tree (parents created); stages it unless told not to. */
function link(repo: TestRepo, path: string, target: string, options: { stage?: boolean } = {}): void {
  mkdirSync(dirname(join(repo.root, path)), { recursive: true });
  symlinkSync(target, join(repo.root, path));
  if (options.stage !== false) repo.git('add', '--', path);
}

const jinja = (report: Parameters<typeof about>[0]) => about(report, 'jinja2').map((f) => [f.id, f.path, f.line, f.status]);

describe('a symlinked manifest is audited under its own name (pip and Poetry read through the link)', () => {
  it('requirements.txt -> deps/pinned.txt with a vulnerable pin blocks; the finding is on requirements.txt', () => {
    const repo = depsRepo();
    repo.commit({ 'deps/pinned.txt': VULNERABLE });
    link(repo, 'requirements.txt', 'deps/pinned.txt');
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report)).toEqual([
      ['PYSEC-2019-217', 'requirements.txt', 1, 'blocking'],
      ['PYSEC-2021-66', 'requirements.txt', 1, 'blocking'],
    ]);
    const hook = secgate(repo, ['run', 'pre-commit']);
    expect(hook.status).toBe(1);
    expect(sectionOf(hook.stdout, 'requirements.txt').join('\n')).toContain('PYSEC-2019-217');
  });

  it('poetry.lock -> locks/poetry.lock.real blocks; so does scan --all and scan poetry.lock from the disk', () => {
    const repo = depsRepo();
    repo.commit({ 'locks/poetry.lock.real': POETRY_LOCK });
    link(repo, 'poetry.lock', 'locks/poetry.lock.real');
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual(['PYSEC-2019-217 poetry.lock', 'PYSEC-2021-66 poetry.lock']);

    repo.git('commit', '-q', '--no-verify', '-m', 'link');
    for (const args of [
      ['scan', '--all'],
      ['scan', 'poetry.lock'],
    ]) {
      const result = secgate(repo, [...args, '--format', 'json']);
      expect(result.status, args.join(' ')).toBe(1);
      const found = (JSON.parse(result.stdout) as { findings: { package?: string; path: string }[] }).findings;
      expect(found.filter((f) => f.package === 'jinja2').map((f) => f.path)).toEqual(['poetry.lock', 'poetry.lock']);
    }
  });

  it('a link manifest reads its -r includes relative to the link folder, as pip does', () => {
    const repo = depsRepo();
    repo.commit({ 'deps/real.txt': '-r base.txt\n', 'base.txt': VULNERABLE, 'deps/base.txt': SAFE });
    link(repo, 'requirements.txt', 'deps/real.txt');
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual(['PYSEC-2019-217 base.txt', 'PYSEC-2021-66 base.txt']);
  });

  it('a manifest link out of the tree is unreadable: blocks by default, warns under deps.onParseError "warn"', () => {
    const repo = depsRepo();
    const outside = join(tempDir(), 'requirements.txt');
    writeFileSync(outside, SAFE);
    link(repo, 'requirements.txt', outside);
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ kind: 'unaudited', id: 'unreadable', path: 'requirements.txt', line: 1, status: 'blocking' }]);
    expect(report.findings[0]?.message).toContain(`requirements.txt is a symbolic link to ${outside}, which is outside the repository`);

    repo.stage({ '.secgaterc.json': configWith({ deps: { onParseError: 'warn' } }) });
    const warned = scanJson(repo);
    expect(warned.status).toBe(0);
    expect(warned.report.findings).toMatchObject([{ id: 'unreadable', path: 'requirements.txt', status: 'warning' }]);
  });

  it('a dangling manifest link (target only on disk) is unreadable too', () => {
    const repo = depsRepo();
    repo.write({ 'deps/pinned.txt': SAFE });
    link(repo, 'requirements.txt', 'deps/pinned.txt');
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ id: 'unreadable', path: 'requirements.txt', status: 'blocking' }]);
    expect(report.findings[0]?.message).toContain('which is not in the repository');
  });

  it('a manifest link loop is unreadable', () => {
    const repo = depsRepo();
    link(repo, 'requirements.txt', 'constraints.txt');
    link(repo, 'constraints.txt', 'requirements.txt');
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.path} ${f.id} ${f.status}`).sort()).toEqual([
      'constraints.txt unreadable blocking',
      'requirements.txt unreadable blocking',
    ]);
  });
});

describe('a symlinked -r include is read through the link', () => {
  it('-r base.txt where base.txt -> deps/pinned.txt: the pins of the target are audited, no "url" finding', () => {
    const repo = depsRepo();
    repo.commit({ 'deps/pinned.txt': VULNERABLE });
    link(repo, 'base.txt', 'deps/pinned.txt');
    repo.stage({ 'requirements.txt': '-r base.txt\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings.some((f) => f.id === 'url')).toBe(false);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual(['PYSEC-2019-217 base.txt', 'PYSEC-2021-66 base.txt']);
  });

  it('an include link out of the tree is unreadable, never read from outside', () => {
    const repo = depsRepo();
    const outside = join(tempDir(), 'base.txt');
    writeFileSync(outside, SAFE);
    link(repo, 'base.txt', outside);
    repo.stage({ 'requirements.txt': '-r base.txt\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toMatchObject([{ id: 'unreadable', path: 'requirements.txt', line: 1, status: 'blocking' }]);
  });
});

describe('a change to the target of a symlinked manifest re-audits the link', () => {
  it('deps/pinned.txt staged alone: the committed requirements.txt link is audited, findings under its name', () => {
    const repo = depsRepo();
    repo.commit({ 'deps/pinned.txt': SAFE });
    link(repo, 'requirements.txt', 'deps/pinned.txt');
    repo.git('commit', '-q', '--no-verify', '-m', 'link');
    repo.stage({ 'deps/pinned.txt': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual([
      'PYSEC-2019-217 requirements.txt',
      'PYSEC-2021-66 requirements.txt',
    ]);
    expect(secgate(repo, ['run', 'pre-commit']).status).toBe(1);
  });

  it('locks/poetry.lock.real staged alone (no manifest by name): the poetry.lock link is audited', () => {
    const repo = depsRepo();
    repo.commit({ 'locks/poetry.lock.real': POETRY_LOCK.replace('2.10', '3.1.4') });
    link(repo, 'poetry.lock', 'locks/poetry.lock.real');
    repo.git('commit', '-q', '--no-verify', '-m', 'link');
    repo.stage({ 'locks/poetry.lock.real': POETRY_LOCK });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual(['PYSEC-2019-217 poetry.lock', 'PYSEC-2021-66 poetry.lock']);
    expect(secgate(repo, ['run', 'pre-commit']).status).toBe(1);
  });

  it('the target of an include link staged alone re-audits the includer', () => {
    const repo = depsRepo();
    repo.commit({ 'deps/pinned.txt': SAFE, 'requirements.txt': '-r base.txt\n' });
    link(repo, 'base.txt', 'deps/pinned.txt');
    repo.git('commit', '-q', '--no-verify', '-m', 'link');
    repo.stage({ 'deps/pinned.txt': VULNERABLE });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    expect(jinja(report).map(([id, path]) => `${id} ${path}`)).toEqual(['PYSEC-2019-217 base.txt', 'PYSEC-2021-66 base.txt']);
  });
});

describe('pre-push', () => {
  it('a pushed requirements.txt link to a vulnerable pin blocks, at the pushed commit', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    push.repo.commit({ '.secgaterc.json': configWith(), 'deps/pinned.txt': VULNERABLE });
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    link(push.repo, 'requirements.txt', 'deps/pinned.txt');
    push.repo.git('commit', '-q', '--no-verify', '-m', 'link');
    const tip = push.repo.git('rev-parse', 'HEAD').trim();
    push.repo.write({ 'deps/pinned.txt': SAFE });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'requirements.txt').join('\n')).toContain('PYSEC-2019-217');
  });
});
