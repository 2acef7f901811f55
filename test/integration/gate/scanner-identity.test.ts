import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { BANDIT, HIGH_B602, cacheFiles, output, pathWith, preCommit, requireBanditAndBuild, which } from './support.js';

beforeAll(requireBanditAndBuild);

/** Shell that finds the --output argument secgate passes to Bandit. */
const FIND_OUTPUT = 'out=""; prev=""; for a in "$@"; do if [ "$prev" = "--output" ]; then out="$a"; fi; prev="$a"; done';

describe('the cache key names the program that ran, not only the version it reports', () => {
  it('a wrapper that reports the same version but drops findings fills no entry the real Bandit trusts', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    // The real Bandit's own answers, minus B602: its --version is Bandit's.
    const lookalike = fakeTool(tempDir('secgate-tools-'), 'bandit', `exec ${BANDIT} --skip B602 "$@"`);
    repo.stage({ 'deploy.py': HIGH_B602 });

    const fooled = preCommit(repo, { SECGATE_BANDIT: lookalike });
    expect(fooled.status, output(fooled)).toBe(0);
    expect(cacheFiles(repo).length).toBeGreaterThan(0);

    const real = preCommit(repo, { SECGATE_BANDIT: BANDIT });
    expect(real.status, output(real)).toBe(1);
    expect(real.stdout).toContain('B602');
    expect(real.stdout).toMatch(/\(0 from cache\)/);
  });

  it('the same program runs warm from its own entries', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo, { SECGATE_BANDIT: BANDIT }).status).toBe(1);
    const warm = preCommit(repo, { SECGATE_BANDIT: BANDIT });
    expect(warm.status).toBe(1);
    expect(warm.stdout).toMatch(/\(1 from cache\)/);
  });
});

describe('only a run that behaved as Bandit does is judged and cached', () => {
  /** Answers `--version` as the real Bandit does, then does `body` for a scan. */
  const versionThen = (body: string) => `if [ "$1" = "--version" ]; then exec ${BANDIT} --version; fi\n${FIND_OUTPUT}\n${body}`;

  it.each([
    ['an empty object', `printf '{}' > "$out"\nexit 0`],
    ['no metrics', `printf '{"errors": [], "results": [], "generated_at": "x"}' > "$out"\nexit 0`],
    ['exit 1 with no result', `printf '{"errors": [], "results": [], "generated_at": "x", "metrics": {"_totals": {}}}' > "$out"\nexit 1`],
    ['exit 0 with a HIGH result', `${BANDIT} "$@"\nexit 0`],
  ])('a report with %s: exit 3, nothing cached', (_name, body) => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    const broken = fakeTool(tempDir('secgate-tools-'), 'bandit', versionThen(body));
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_BANDIT: broken });
    expect(result.status, output(result)).toBe(3);
    // A report of the wrong shape is refused before its behaviour is judged: either sentence says so.
    expect(result.stderr).toMatch(/did not answer as Bandit does|JSON report secgate cannot read/);
    expect(cacheFiles(repo)).toEqual([]);
  });
});

describe('no code from the repository runs as Bandit', () => {
  it('`python3 -m bandit` is never started in the repository, where a bandit.py of its own would be imported', () => {
    const repo = gitRepo();
    const marker = join(repo.home, 'repository-code-ran');
    repo.commit({ 'bandit.py': `open(${JSON.stringify(marker)}, "w").write("ran")\nprint("bandit 1.6.2")\n` });
    repo.stage({ 'deploy.py': HIGH_B602 });
    // Debian's /usr/bin/python3 has the bandit module; no `bandit` executable on this PATH.
    const result = preCommit(repo, { PATH: pathWith({ git: which('git'), python3: '/usr/bin/python3' }) });
    expect(existsSync(marker)).toBe(false);
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
  });
});
