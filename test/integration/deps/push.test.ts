import { beforeAll, describe, expect, it } from 'vitest';
import { git, hookedRepo, remoteRef } from '../../e2e/push/support.js';
import { sectionOf } from '../gate/support.js';
import { prePush, pushedIn, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { configWith, copyWarmIndex, requireDataAndBuild } from './support.js';

beforeAll(requireDataAndBuild);

// jinja2 2.10 is affected by PYSEC-2019-217 and PYSEC-2021-66 in the shared data; 3.1.4 by none.

describe('pre-push audits the manifests the pushed commits change', () => {
  it('a commit that adds a vulnerable requirements.txt is blocked, and the report names the ref and commit', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    push.repo.commit({ '.secgaterc.json': configWith(), 'README.md': 'hello\n' });
    pushUnchecked(push, 'main');
    const base = push.repo.git('rev-parse', 'HEAD').trim();
    const bad = push.repo.commit({ 'requirements.txt': 'jinja2==2.10\n' });
    // The working tree says otherwise: the pushed commit is what counts.
    push.repo.write({ 'requirements.txt': 'jinja2==3.1.4\n' });

    const result = prePush(push, refLine('refs/heads/main', bad, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'requirements.txt');
    expect(section.some((line) => /BLOCK\s+UNKNOWN PYSEC-2019-217\b.*line 1: jinja2 2\.10/.test(line))).toBe(true);
    expect(section.some((line) => line.includes(`${pushedIn('refs/heads/main', bad)}`))).toBe(true);

    // Once the server has the fix's parent, the fix alone is judged.
    const fixed = push.repo.commit({ 'requirements.txt': 'jinja2==3.1.4\n' });
    expect(prePush(push, refLine('refs/heads/main', fixed, 'refs/heads/main', bad)).status).toBe(0);
  });

  it('a pushed change to an included file alone re-audits its includer at the pushed commit', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    push.repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': '-r base.txt\n', 'base.txt': 'jinja2==3.1.4\n' });
    pushUnchecked(push, 'main');
    const before = push.repo.git('rev-parse', 'HEAD').trim();
    const bad = push.repo.commit({ 'base.txt': 'jinja2==2.10\n' });
    const result = prePush(push, refLine('refs/heads/main', bad, 'refs/heads/main', before));
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'base.txt').some((line) => line.includes('PYSEC-2019-217'))).toBe(true);
  });

  it('a vulnerable pin added in one commit and removed in the next is blocked, naming the commit that added it', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    const base = push.repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': 'jinja2==3.1.4\n' });
    pushUnchecked(push, 'main');
    const bad = push.repo.commit({ 'requirements.txt': 'jinja2==2.10\n' }, 'pin an old jinja2');
    const fixed = push.repo.commit({ 'requirements.txt': 'jinja2==3.1.4\n' }, 'and back');
    const result = prePush(push, refLine('refs/heads/main', fixed, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'requirements.txt');
    expect(section.some((line) => /BLOCK\s+UNKNOWN PYSEC-2019-217\b.*line 1: jinja2 2\.10/.test(line))).toBe(true);
    expect(section).toContain(`          ${pushedIn('refs/heads/main', bad)}`);
    expect(result.stdout).not.toContain(fixed.slice(0, 12));
  });

  it('an include changed and changed back within the push re-audits its includer in that commit’s tree', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    const base = push.repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': '-r base.txt\n', 'base.txt': 'jinja2==3.1.4\n' });
    pushUnchecked(push, 'main');
    const bad = push.repo.commit({ 'base.txt': 'jinja2==2.10\n' });
    const fixed = push.repo.commit({ 'base.txt': 'jinja2==3.1.4\n' });
    const result = prePush(push, refLine('refs/heads/main', fixed, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'base.txt');
    expect(section.some((line) => line.includes('PYSEC-2019-217'))).toBe(true);
    expect(section).toContain(`          ${pushedIn('refs/heads/main', bad)}`);
  });

  it('a pin re-audited by several commits of the push is one finding, named by the first of them', () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    // The server has none of the pins yet: jinja2 is new to the push (issue 14: one it had would be inherited).
    const base = push.repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': 'six==1.16.0\n' });
    pushUnchecked(push, 'main');
    const first = push.repo.commit({ 'requirements.txt': 'jinja2==2.10\nsix==1.16.0\n' });
    const tip = push.repo.commit({ 'requirements.txt': 'jinja2==2.10\nsix==1.16.0\nidna==3.7\n' });
    const result = prePush(push, refLine('refs/heads/main', tip, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'requirements.txt');
    expect(section.filter((line) => /PYSEC-2019-217\b.*line 1: jinja2 2\.10/.test(line))).toHaveLength(1);
    expect(section).toContain(`          ${pushedIn('refs/heads/main', first)}`);
    expect(result.stdout).not.toContain(tip.slice(0, 12));
  });

  it('a real git push through the installed hook is refused, and the remote keeps what it had', () => {
    const { repo, remote } = hookedRepo();
    copyWarmIndex(repo);
    const first = repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': 'jinja2==3.1.4\n' });
    expect(git(repo, ['push', '-q', 'origin', 'main']).status).toBe(0);
    expect(remoteRef(remote, 'refs/heads/main')).toBe(first);

    repo.commit({ 'requirements.txt': 'jinja2==2.10\n' });
    const refused = git(repo, ['push', '-q', 'origin', 'main']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('PYSEC-2019-217');
    expect(refused.output).toContain('upgrade jinja2 to 2.10.1 or later');
    expect(remoteRef(remote, 'refs/heads/main')).toBe(first);
  });
});
