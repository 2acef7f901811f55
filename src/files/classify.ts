/**
 * Which files secgate looks at, by path (and, for extensionless scripts, by
 * their first line). Pure functions.
 */

const PYTHON_EXTENSIONS = /\.(py|pyw)$/i;
const PYTHON_SHEBANG = /^#![^\n]*\bpython(\d+(\.\d+)*)?\b/;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `*.py`, `*.pyw`. */
export function hasPythonExtension(path: string): boolean {
  return PYTHON_EXTENSIONS.test(path);
}

/** A file with no extension might be a Python script: its first line decides. */
export function mayBePythonScript(path: string): boolean {
  const name = basename(path);
  return !name.slice(1).includes('.');
}

/**
 * A Python interpreter by its file name: CPython (`python3.12`, free-threaded
 * `python3.13t`, debug `python3d`, Windows' `pythonw`), PyPy, and the other
 * implementations that run the same source.
 */
const PYTHON_INTERPRETER = /^(python|pypy|jython|graalpy|ipython|micropython)(\d+(\.\d+)*)?[a-z]{0,2}(-dbg)?(\.exe)?$/i;
/** Runners of PEP 723 scripts (`#!/usr/bin/env -S uv run --script`): `<runner> … run`. */
const SCRIPT_RUNNERS = new Set(['uv', 'pipx', 'pdm', 'hatch', 'rye']);

/** Whether a shebang line names Python: the interpreter, `env [-S] <interpreter> …`, or a PEP 723 runner. */
function namesPython(line: string): boolean {
  if (PYTHON_SHEBANG.test(line)) return true;
  const words = line
    .slice(2)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.slice(word.lastIndexOf('/') + 1));
  if (words.some((word) => PYTHON_INTERPRETER.test(word))) return true;
  const runner = words.findIndex((word) => SCRIPT_RUNNERS.has(word));
  return runner >= 0 && words.slice(runner + 1).includes('run');
}

/** Whether content starts with a Python shebang (`#!/usr/bin/env python3`, `#!/usr/bin/pypy3`, `#!/usr/bin/env -S uv run --script`). */
export function hasPythonShebang(content: Buffer): boolean {
  if (content[0] !== 0x23 || content[1] !== 0x21) return false;
  const end = content.indexOf(0x0a);
  return namesPython(content.subarray(0, end < 0 ? Math.min(content.length, 256) : end).toString('latin1'));
}

/**
 * Dependency manifests of DESIGN.md: pip requirement and constraint files,
 * pyproject.toml, setup.cfg, Pipfile and the lock files.
 */
export function isManifest(path: string): boolean {
  const name = basename(path);
  if (/^(requirements|constraints)[^/]*\.txt$/i.test(name)) return true;
  if (/(^|\/)requirements\/[^/]+\.txt$/i.test(path)) return true;
  // PEP 751 also names locks `pylock.<name>.toml`.
  if (/^pylock\.[^/]+\.toml$/.test(name)) return true;
  return MANIFEST_NAMES.has(name);
}

const MANIFEST_NAMES = new Set([
  'pyproject.toml',
  'poetry.lock',
  'Pipfile',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'pylock.toml',
  'setup.cfg',
]);

/**
 * A file pip may read through `-r`/`-c` from a requirements file, though it
 * is no manifest by name (`base.txt`, `requirements.in`): a change to one
 * re-audits the manifests that include it.
 */
export function mayBeInclude(path: string): boolean {
  return /\.(txt|in)$/i.test(basename(path));
}
