import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceleratedInCopy, banditPython, PYTHON_DIR } from '../../helpers/accelerated.js';
import { requireBanditAndBuild } from '../gate/support.js';

requireBanditAndBuild();

const CHECK = fileURLToPath(new URL('../../helpers/linerange-check.py', import.meta.url));

describe("the worker's linerange (Bandit 1.6's, worked out once per node)", () => {
  it("gives Bandit's own answer for every node of a sample of the standard library", () => {
    const result = spawnSync(banditPython(), [CHECK, PYTHON_DIR, '150'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const [word, files, nodes, accelerated] = result.stdout.trim().split(' ');
    expect(word).toBe('same');
    // The comparison was real: Bandit 1.6.2's function was replaced, on many files and nodes.
    expect((accelerated ?? '').split(',')).toContain('linerange');
    expect(Number(files)).toBeGreaterThanOrEqual(100);
    expect(Number(nodes)).toBeGreaterThan(50_000);
  });

  it('is not used with a Bandit whose linerange is not 1.6 text for text', () => {
    // 1.6's function but for one character: a newer or patched Bandit keeps its own, and the other two.
    expect(acceleratedInCopy({ module: 'utils', from: 'lines_max = -1\n', to: 'lines_max = -2\n' })).toBe('[] True True True');
  });
});
