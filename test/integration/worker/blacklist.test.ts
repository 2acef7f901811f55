import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceleratedInCopy, banditPython, PYTHON_DIR } from '../../helpers/accelerated.js';
import { requireBanditAndBuild } from '../gate/support.js';

requireBanditAndBuild();

const CHECK = fileURLToPath(new URL('../../helpers/blacklist-check.py', import.meta.url));

describe("the worker's blacklist test (Bandit 1.6's, one compiled pattern per check)", () => {
  it("gives Bandit's own issue or error on every node of a sample of the standard library and of blacklisted calls", () => {
    const result = spawnSync(banditPython(), [CHECK, PYTHON_DIR, '150'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const [word, files, nodes, calls, issues, errors, fastRuns, accelerated, crafted] = result.stdout.trim().split(' ');
    expect(word).toBe('same');
    // The comparison was real: Bandit 1.6.2's function was replaced, on many files, nodes and findings,
    // and the errors Bandit's own test raises (import_module of an int, bytes, a list, of nothing) were met.
    expect(accelerated).toBe('linerange,blacklist,generic_visit');
    expect(Number(files)).toBeGreaterThanOrEqual(150);
    expect(Number(nodes)).toBeGreaterThan(10_000);
    expect(Number(calls)).toBeGreaterThan(10_000);
    expect(Number(issues)).toBeGreaterThanOrEqual(40);
    expect(Number(errors)).toBe(5);
    // Forked as the worker runs a scan, Bandit's main() called the accelerated test (not only the module's name).
    expect(Number(fastRuns)).toBeGreaterThan(500);
    // The second set of checks matched names at every place the order and anchoring of patterns decide.
    expect(crafted).toBe('X02,X03,X04,X05');
  });

  it('is used with a Bandit whose blacklist is 1.6 text for text, and not when one character differs', () => {
    expect(acceleratedInCopy()).toBe("['linerange', 'blacklist', 'generic_visit'] False False False");
    // A newer or patched Bandit keeps its own, all three (the visit keeps the others exact, see visitor.test.ts).
    expect(acceleratedInCopy({ module: 'blacklisting', from: 'B001.', to: 'B002.' })).toBe('[] True True True');
  });
});
