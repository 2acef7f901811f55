import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceleratedInCopy, banditPython, PYTHON_DIR } from '../../helpers/accelerated.js';
import { requireBanditAndBuild } from '../gate/support.js';

requireBanditAndBuild();

const CHECK = fileURLToPath(new URL('../../helpers/depth-check.py', import.meta.url));

describe("the worker's generic_visit (Bandit 1.6's visit of the tree, less work per node)", () => {
  // The same reports as Bandit's on real code: equivalence.test.ts (the standard library) and the corpus tests.
  it('fails, or not, exactly where Bandit does on trees that exhaust the recursion limit, and runs its own fast path elsewhere', () => {
    const result = spawnSync(banditPython(), [CHECK, PYTHON_DIR, '6'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const [word, firsts, files, skipped, accelerated] = result.stdout.trim().split(' ');
    expect(word).toBe('same');
    expect(accelerated).toBe('linerange,blacklist,generic_visit');
    // Three kinds of tree, each met its edge: half the lengths were skipped by Bandit, half scanned.
    expect((firsts ?? '').split(',')).toHaveLength(3);
    expect(Number(files)).toBe(36);
    expect(Number(skipped)).toBe(18);
  });

  it('is not used, nor linerange and blacklist, with a Bandit whose visit or tester differs by one character', () => {
    expect(acceleratedInCopy({ module: 'node_visitor', from: 'max_idx = len(value) - 1', to: 'max_idx = len(value) - 2' })).toBe(
      '[] True True True',
    );
    expect(acceleratedInCopy({ module: 'tester', from: '"Returning scores: %s"', to: '"Returning scores %s"' })).toBe('[] True True True');
  });
});
