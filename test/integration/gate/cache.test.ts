import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { HIGH_B602, LOW_ASSERT, MEDIUM_PICKLE, logLines, preCommit, recorderBody, requireBanditAndBuild, sectionOf } from './support.js';

beforeAll(requireBanditAndBuild);

/** A repository and a recording "bandit" that appends its arguments to a log, then runs the real one. */
function recorded() {
  const repo = gitRepo();
  const log = join(repo.home, 'bandit.log');
  const bandit = fakeTool(tempDir('secgate-tools-'), 'bandit', recorderBody(log));
  const scans = () => logLines(log).filter((line) => line.includes('--format json'));
  return { repo, log, env: { SECGATE_BANDIT: bandit }, scans };
}

describe('the content cache', () => {
  it('a second identical run answers from the cache: "(N from cache)" and no new Bandit scan', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
    const first = preCommit(repo, env);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/in 2 files \(0 from cache\)/);
    expect(scans()).toHaveLength(1);

    const second = preCommit(repo, env);
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/in 2 files \(2 from cache\)/);
    expect(scans()).toHaveLength(1);
    // The same findings, from the cache.
    expect(second.stdout.replace(/\(\d from cache\)/, '')).toBe(first.stdout.replace(/\(\d from cache\)/, ''));
  });

  it('only the changed file is rescanned', () => {
    const { repo, env, scans, log } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
    preCommit(repo, env);
    repo.stage({ 'check.py': `${LOW_ASSERT}\n\ndef h(y):\n    assert y\n` });
    const result = preCommit(repo, env);
    expect(result.stdout).toMatch(/in 2 files \(1 from cache\)/);
    expect(scans()).toHaveLength(2);
    const last = scans()[1] ?? '';
    expect(last).toContain('check.py');
    expect(last).not.toContain('deploy.py');
    expect(sectionOf(result.stdout, 'check.py').filter((line) => line.includes('B101'))).toHaveLength(2);
    expect(logLines(log).length).toBeGreaterThan(0);
  });

  it('changing failOn changes the verdict without a rescan', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    const strict = preCommit(repo, env);
    expect(strict.status).toBe(1);
    expect(scans()).toHaveLength(1);

    repo.write({ '.secgaterc.json': JSON.stringify({ failOn: 'high' }) });
    const lenient = preCommit(repo, env);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(lenient.stdout, 'load.py').join('\n')).toMatch(/warn\s+MEDIUM B301/);
    expect(scans()).toHaveLength(1);

    // And back: the config memo must notice the change again.
    repo.write({ '.secgaterc.json': JSON.stringify({ failOn: 'low' }) });
    const strictest = preCommit(repo, env);
    expect(strictest.status).toBe(1);
    expect(sectionOf(strictest.stdout, 'load.py').join('\n')).toMatch(/BLOCK\s+LOW B403/);
    expect(scans()).toHaveLength(1);
  });

  it('a warm run starts no Bandit process at all (its version is remembered per executable)', () => {
    const { repo, env, log } = recorded();
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    expect(preCommit(repo, env).status).toBe(1);
    const linesAfterFirst = logLines(log).length;
    expect(linesAfterFirst).toBeGreaterThan(0);

    repo.write({ '.secgaterc.json': JSON.stringify({ failOn: 'high' }) });
    expect(preCommit(repo, env).status).toBe(0);
    expect(logLines(log).slice(linesAfterFirst)).toEqual([]);
  });

  it("changing the repository's Bandit configuration rescans (it is part of the cache key)", () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'check.py': LOW_ASSERT });
    const first = preCommit(repo, env);
    expect(first.stdout).toContain('B101');
    repo.write({ '.bandit': '[bandit]\nskips = B101\n' });
    const second = preCommit(repo, env);
    expect(second.stdout).not.toContain('B101');
    expect(second.stdout).toMatch(/\(0 from cache\)/);
    expect(scans()).toHaveLength(2);
  });

  it('the same content at another path is answered from the cache', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'a.py': HIGH_B602 });
    preCommit(repo, env);
    repo.git('rm', '-q', '--cached', 'a.py');
    repo.stage({ 'copy/b.py': HIGH_B602 });
    const result = preCommit(repo, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(result.stdout, 'copy/b.py').join('\n')).toContain('B602');
    expect(scans()).toHaveLength(1);
  });

  it('an unscanned (unparsable) file stays blocked when answered from the cache', () => {
    const { repo, env } = recorded();
    repo.stage({ 'broken.py': 'def broken(:\n' });
    expect(preCommit(repo, env).status).toBe(1);
    const again = preCommit(repo, env);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(again.stdout, 'broken.py').join('\n')).toMatch(/BLOCK\s+UNSCANNED/);
  });
});
