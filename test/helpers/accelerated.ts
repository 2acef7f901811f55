import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpreterOf } from '../../src/scanners/bandit/worker/client.js';
import { BANDIT } from '../integration/gate/support.js';
import { tempDir } from './git-repo.js';

export const PYTHON_DIR = fileURLToPath(new URL('../../python', import.meta.url));

/** The interpreter Bandit runs on: the one the worker is started with. */
export function banditPython(): string {
  const found = interpreterOf({ executable: BANDIT, prefix: [], display: BANDIT }, process.env);
  if (!found) throw new Error(`${BANDIT} is not a standard Bandit entry point: the worker would not be used`);
  return found.interpreter;
}

/**
 * What secgate_worker.accelerate() replaces in a copy of the installed Bandit package, with one text
 * edited in one of its modules (none: the copy as it is). Prints, as Python: the list it returns, then
 * whether Bandit's linerange, blacklist and generic_visit are still their own (`True True True`).
 */
export function acceleratedInCopy(edit?: { module: string; from: string; to: string }): string {
  const python = banditPython();
  const found = spawnSync(python, ['-c', 'import bandit, os; print(os.path.dirname(bandit.__file__))'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`Bandit's package cannot be found with ${python}: ${found.stderr}`);
  const root = tempDir();
  cpSync(found.stdout.trim(), join(root, 'bandit'), { recursive: true });
  if (edit) {
    const file = join(root, 'bandit', 'core', `${edit.module}.py`);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.from)) throw new Error(`${edit.from} is not in Bandit's ${edit.module}.py`);
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  const script = `import sys; sys.path[:0] = [${JSON.stringify(root)}, ${JSON.stringify(PYTHON_DIR)}]
import secgate_worker
from bandit.core import blacklisting, node_visitor, utils
assert blacklisting.__file__.startswith(${JSON.stringify(root)})
own = (utils.linerange, blacklisting.blacklist, node_visitor.BanditNodeVisitor.generic_visit)
replaced = secgate_worker.accelerate()
print(replaced, *(now is before for now, before in zip((utils.linerange, blacklisting.blacklist, node_visitor.BanditNodeVisitor.generic_visit), own)))`;
  const result = spawnSync(python, ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (result.stderr !== '') throw new Error(result.stderr);
  return result.stdout.trim();
}
