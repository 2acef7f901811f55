import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { sectionOf } from '../gate/support.js';
import { prePush, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { about, configWith, copyWarmIndex, depsRepo, requireDataAndBuild, scanJson, secgate, setConfig } from './support.js';

beforeAll(requireDataAndBuild);

const INHERITED = /^inherited: already in HEAD; set "inherited": "fail" to block it$/;

describe('dependencies: a pin the parent already had is inherited, a new or changed pin is new', () => {
  it('an inherited advisory warns while a new one in the same commit blocks (the pygoat case)', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': 'jinja2==2.10\n' });
    repo.stage({ 'requirements.txt': 'jinja2==2.10\nrequests==2.19.0\n' });
    const { status, report } = scanJson(repo);
    expect(status).toBe(1);
    const jinja = about(report, 'jinja2');
    expect(jinja.length).toBeGreaterThan(0);
    for (const finding of jinja) {
      expect(finding.status).toBe('warning');
      expect(finding.note).toMatch(INHERITED);
    }
    const requests = about(report, 'requests');
    expect(requests.length).toBeGreaterThan(0);
    // A new advisory blocks; its only possible note is the one naming deps.unknownSeverity (an advisory without a severity).
    expect(requests.every((finding) => finding.status === 'blocking' && !INHERITED.test(finding.note ?? ''))).toBe(true);

    // The hook says the same.
    const hook = secgate(repo, ['run', 'pre-commit']);
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain('inherited: already in HEAD');
  });

  it('a changed pin is new, even to another vulnerable version', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': 'jinja2==2.10\n' });
    repo.stage({ 'requirements.txt': 'jinja2==2.10.1\n' });
    const { status, report } = scanJson(repo);
    const jinja = about(report, 'jinja2');
    expect(jinja.length).toBeGreaterThan(0);
    expect(jinja.every((finding) => finding.note === undefined || !INHERITED.test(finding.note))).toBe(true);
    expect(status).toBe(1);
  });

  it("a pin in an include is inherited when the parent's manifest included it too (includes read from the parent tree)", () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': '-r base.txt\n', 'base.txt': 'jinja2==2.10\n' });
    repo.stage({ 'base.txt': '# pinned for the templates\njinja2==2.10\n' });
    const { status, report } = scanJson(repo);
    const jinja = about(report, 'jinja2');
    expect(jinja.length).toBeGreaterThan(0);
    expect(jinja.every((finding) => finding.status === 'warning' && INHERITED.test(finding.note ?? ''))).toBe(true);
    expect(status).toBe(0);
  });

  it('an unpinned requirement the parent already had is inherited; a new one is new', () => {
    const repo = depsRepo({ deps: { unpinned: 'fail' } });
    repo.commit({ 'requirements.txt': 'flask>=1.0\n' });
    repo.stage({ 'requirements.txt': 'flask>=1.0\nclick\n' });
    const { status, report } = scanJson(repo);
    expect(about(report, 'flask').map((finding) => finding.status)).toEqual(['warning']);
    expect(about(report, 'click').map((finding) => finding.status)).toEqual(['blocking']);
    expect(status).toBe(1);
  });

  it('"inherited": "fail" blocks the inherited advisories too', () => {
    const repo = depsRepo();
    repo.commit({ 'requirements.txt': 'jinja2==2.10\n' });
    setConfig(repo, { inherited: 'fail' });
    repo.stage({ 'requirements.txt': '# touched\njinja2==2.10\n' });
    const { status, report } = scanJson(repo);
    expect(about(report, 'jinja2').every((finding) => finding.status === 'blocking')).toBe(true);
    expect(status).toBe(1);
  });

  it('a change with no pin needs no database, even when the parent had pins (only unaudited requirements are compared)', () => {
    const repo = gitRepo();
    repo.commit({
      '.secgaterc.json': configWith({ deps: { unpinned: 'fail' } }, '/nonexistent/osv.zip'),
      'requirements.txt': 'django==2.2.0\n',
    });
    repo.stage({ 'requirements.txt': 'flask>=1.0\n' });
    const hook = secgate(repo, ['run', 'pre-commit']);
    expect(hook.stderr).not.toContain('No vulnerability database');
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain('flask');
  });
});

describe('dependencies in a push', () => {
  it("a pin the server's commit had warns, a new one blocks; a bypassed commit's manifest is not blocked again", () => {
    const push = pushRepo();
    copyWarmIndex(push.repo);
    const base = push.repo.commit({ '.secgaterc.json': configWith(), 'requirements.txt': 'jinja2==2.10\n' });
    pushUnchecked(push, 'main');
    const added = push.repo.commit({ 'requirements.txt': 'jinja2==2.10\nrequests==2.19.0\n' });
    const result = prePush(push, refLine('refs/heads/main', added, 'refs/heads/main', base));
    expect(result.status).toBe(1);
    const section = sectionOf(result.stdout, 'requirements.txt');
    expect(section.some((line) => /warn\s+UNKNOWN PYSEC-2019-217\b.*jinja2 2\.10/.test(line))).toBe(true);
    expect(section.some((line) => line.includes(`inherited: already in ${base.slice(0, 12)};`))).toBe(true);
    expect(section.some((line) => /BLOCK\s+\S+ PYSEC-2018-28\b.*requests 2\.19\.0/.test(line))).toBe(true);

    // The same change, committed with a recorded bypass: its push does not block it again.
    push.repo.git('reset', '-q', '--hard', base);
    push.repo.stage({ 'requirements.txt': 'jinja2==2.10\nrequests==2.19.0\n' });
    expect(secgate(push.repo, ['run', 'pre-commit'], { SECGATE_BYPASS: 'pinned by the vendor until Friday' }).status).toBe(0);
    const bypassed = push.repo.commit({}, 'bypassed');
    const again = prePush(push, refLine('refs/heads/main', bypassed, 'refs/heads/main', base));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`bypassed at commit ${bypassed.slice(0, 12)} (reason: pinned by the vendor until Friday)`);
  });
});
