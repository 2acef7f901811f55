import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { BANDIT, HIGH_B602, LOW_ASSERT, UNPARSABLE, cacheFiles, output, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

interface JsonReport {
  summary: { files: number; cached: number };
  findings: { kind: string; id: string; path: string; line: number }[];
}

/**
 * 420 files: enough for a scan in two waves of two Bandits (planWaves), with
 * each kind of result somewhere in it, and a few large files (the second
 * wave). Every content is distinct (a blob each). Returns the files and what
 * each must report, as `id@line`.
 */
function manyFiles(): { files: Record<string, string>; expected: Map<string, string[]> } {
  const files: Record<string, string> = {};
  const expected = new Map<string, string[]>();
  const add = (path: string, content: string, found: string[]) => {
    files[path] = content;
    if (found.length > 0) expected.set(path, found.sort());
  };
  for (let i = 0; i < 380; i++) add(`pkg${i % 7}/clean_${i}.py`, `value_${i} = ${i}\n`, []);
  for (let i = 0; i < 10; i++) add(`deploy/run_${i}.py`, `${HIGH_B602}# ${i}\n`, ['B404@1', 'B602@3']);
  for (let i = 0; i < 10; i++) add(`checks/check_${i}.py`, `${LOW_ASSERT}# ${i}\n`, ['B101@2']);
  for (let i = 0; i < 5; i++) add(`broken/b_${i}.py`, `${UNPARSABLE}# ${i}\n`, ['parse-error@1']);
  // Old Bandit runs with --ignore-nosec and secgate drops what the comment silences: B403 here, not B301.
  for (let i = 0; i < 5; i++) add(`quiet/q_${i}.py`, `import pickle  # nosec\npickle.loads(b"")\n# ${i}\n`, ['B301@2']);
  for (let i = 0; i < 10; i++) {
    const lines = Array.from({ length: 300 }, (_, j) => `big_${i}_${j} = ${j}`);
    add(`big/large_${i}.py`, `${lines.join('\n')}\nassert big_${i}_0 == 0\n`, ['B101@301']);
  }
  return { files, expected };
}

function byPath(report: JsonReport): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const finding of report.findings) found.set(finding.path, [...(found.get(finding.path) ?? []), `${finding.id}@${finding.line}`]);
  for (const list of found.values()) list.sort();
  return found;
}

describe('a scan of hundreds of files (two waves of Bandits, each part cached as it ends)', () => {
  it('reports each file exactly as itself, caches every blob, and the next run answers all from the cache alike', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    const { files, expected } = manyFiles();
    repo.stage(files);

    const cold = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(cold.status, output(cold)).toBe(1);
    const first = JSON.parse(cold.stdout) as JsonReport;
    expect(first.summary.files).toBe(420);
    expect(first.summary.cached).toBe(0);
    expect(byPath(first)).toEqual(expected);
    // One entry per blob (plus the batch of the whole run).
    expect(cacheFiles(repo).filter((file) => !file.includes('batches')).length).toBeGreaterThanOrEqual(420);

    const warm = secgate(repo, ['scan', '--staged', '--format', 'json']);
    expect(warm.status, output(warm)).toBe(1);
    const second = JSON.parse(warm.stdout) as JsonReport;
    expect(second.summary.cached).toBe(420);
    expect(second.findings).toEqual(first.findings);
  });

  it('a Bandit that fails in the second wave fails the scan: exit 3, never a pass', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    repo.stage(manyFiles().files);
    // Crashes when given few files, as the second wave's batches are; scans the first wave's truly.
    const failing = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      `if [ "$1" != "--version" ] && [ $# -lt 40 ]; then echo "boom" >&2; exit 2; fi\nexec ${BANDIT} "$@"`,
    );
    const result = secgate(repo, ['scan', '--staged'], { SECGATE_BANDIT: failing });
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain('Bandit failed (exit 2)');
    expect(result.stderr).toContain('boom');
  });
});
