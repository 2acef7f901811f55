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

/** Whether content starts with a Python shebang (`#!/usr/bin/env python3`, `#!/usr/bin/python2.7`). */
export function hasPythonShebang(content: Buffer): boolean {
  if (content[0] !== 0x23 || content[1] !== 0x21) return false;
  const end = content.indexOf(0x0a);
  return PYTHON_SHEBANG.test(content.subarray(0, end < 0 ? Math.min(content.length, 256) : end).toString('latin1'));
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
