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
const CHECK = fileURLToPath(new URL('../../helpers/linerange-check.py', import.meta.url));

/** The interpreter Bandit runs on: the one the worker is started with. */
function python(): string {
  const found = interpreterOf({ executable: BANDIT, prefix: [], display: BANDIT }, process.env);
  if (!found) throw new Error(`${BANDIT} is not a standard Bandit entry point: the worker would not be used`);
  return found.interpreter;
}

describe("the worker's linerange (Bandit 1.6's, worked out once per node)", () => {
  it("gives Bandit's own answer for every node of a sample of the standard library", () => {
    const result = spawnSync(python(), [CHECK, PYTHON_DIR, '150'], { encoding: 'utf8' });
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
    const root = tempDir();
    mkdirSync(join(root, 'bandit', 'core'), { recursive: true });
    writeFileSync(join(root, 'bandit', '__init__.py'), '');
    writeFileSync(join(root, 'bandit', 'core', '__init__.py'), '');
    // 1.6's function but for one character: a newer or patched Bandit keeps its own.
    writeFileSync(
      join(root, 'bandit', 'core', 'utils.py'),
      'import ast\n\ndef linerange(node):\n    """Get line number range from a node."""\n    return [node.lineno + 0]\n',
    );
    const script = `import sys; sys.path[:0] = [${JSON.stringify(root)}, ${JSON.stringify(PYTHON_DIR)}]
import secgate_worker
from bandit.core import utils
before = utils.linerange
print(secgate_worker.accelerate(), utils.linerange is before)`;
    const result = spawnSync(python(), ['-c', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('[] True');
  });
});
