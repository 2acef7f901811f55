import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { interpreterOf } from '../../../src/scanners/bandit/worker/client.js';
import { tempDir } from '../../helpers/git-repo.js';
import { BANDIT, requireBanditAndBuild } from '../gate/support.js';

requireBanditAndBuild();

const PYTHON_DIR = fileURLToPath(new URL('../../../python', import.meta.url));
const CHECK = fileURLToPath(new URL('../../helpers/blacklist-check.py', import.meta.url));

/** The interpreter Bandit runs on: the one the worker is started with. */
function python(): string {
  const found = interpreterOf({ executable: BANDIT, prefix: [], display: BANDIT }, process.env);
  if (!found) throw new Error(`${BANDIT} is not a standard Bandit entry point: the worker would not be used`);
  return found.interpreter;
}

/** What accelerate() replaces with a fake Bandit whose blacklisting module holds `source` after its imports. */
function acceleratedWith(edit: string): string {
  const root = tempDir();
  mkdirSync(join(root, 'bandit', 'core'), { recursive: true });
  writeFileSync(join(root, 'bandit', '__init__.py'), '');
  writeFileSync(join(root, 'bandit', 'core', '__init__.py'), '');
  const script = `import sys; sys.path[:0] = [${JSON.stringify(root)}, ${JSON.stringify(PYTHON_DIR)}]
import secgate_worker
source = secgate_worker.BLACKLIST_16${edit}
with open(${JSON.stringify(join(root, 'bandit', 'core', 'blacklisting.py'))}, "w") as handle:
    handle.write("import ast\\nimport fnmatch\\n\\nfrom bandit.core import issue\\n\\n\\n" + source)
open(${JSON.stringify(join(root, 'bandit', 'core', 'issue.py'))}, "w").close()
from bandit.core import blacklisting
before = blacklisting.blacklist
print(secgate_worker.accelerate(), blacklisting.blacklist is before)`;
  const result = spawnSync(python(), ['-c', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

describe("the worker's blacklist test (Bandit 1.6's, one compiled pattern per check)", () => {
  it("gives Bandit's own issue or error on every node of a sample of the standard library and of blacklisted calls", () => {
    const result = spawnSync(python(), [CHECK, PYTHON_DIR, '150'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const [word, files, nodes, calls, issues, errors, fastRuns, accelerated, crafted] = result.stdout.trim().split(' ');
    expect(word).toBe('same');
    // The comparison was real: Bandit 1.6.2's function was replaced, on many files, nodes and findings,
    // and the errors Bandit's own test raises (import_module of an int, bytes, a list, of nothing) were met.
    expect(accelerated).toBe('linerange,blacklist');
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
    expect(acceleratedWith('')).toBe("['blacklist'] False");
    // A newer or patched Bandit keeps its own.
    expect(acceleratedWith('.replace("B001.", "B002.", 1)')).toBe('[] True');
  });
});
