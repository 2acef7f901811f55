/**
 * One rule for "development only", shared by every parser: a group, extra or
 * requirements-file name made of words such as dev, test, lint or docs.
 */

const DEV_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'test',
  'tests',
  'testing',
  'lint',
  'linting',
  'doc',
  'docs',
  'ci',
  'typing',
  'mypy',
  'style',
  'check',
  'checks',
]);

/** Whether a group or extra name (`dev`, `tests-integration`, `docs_build`) names development dependencies. */
export function isDevName(name: string): boolean {
  // Whole words only: `checkpoint` or `devices` are not dev.
  return name
    .toLowerCase()
    .split(/[-_.\s]+/)
    .some((word) => DEV_WORDS.has(word));
}

/**
 * Folders that name what the requirements file in them is for when that is
 * development: `tests/requirements.txt`, `docs/requirements.txt`. Narrower
 * than the words above: a folder called `style` or `lint` is as often a
 * service of the product as a linter's setup.
 */
const DEV_FOLDERS = new Set(['dev', 'devel', 'development', 'test', 'tests', 'testing', 'doc', 'docs', 'ci']);

/** Folders that hold requirements files named by purpose (`requirements/dev/base.txt`). */
const REQUIREMENTS_FOLDERS = new Set(['requirements', 'reqs', 'requirements.d']);

/**
 * Whether a requirements file is development-only by its own path: its file
 * name (`requirements-dev.txt`, `dev-requirements.txt`, `requirements/test.txt`),
 * the folder that holds it when that folder names a development purpose
 * (`tests/requirements.txt`, `docs/requirements.txt`), or a purpose folder
 * inside a requirements folder (`requirements/dev/base.txt`). Words elsewhere
 * in the path do not count: `services/style/requirements.txt` is production.
 * An included file does not use this: it has its includer's status.
 */
export function isDevPath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  const stem = file.replace(/\.[^.]*$/, '');
  if (isDevName(stem)) return true;
  const folder = (parts.at(-1) ?? '').toLowerCase();
  if (DEV_FOLDERS.has(folder)) return true;
  const above = (parts.at(-2) ?? '').toLowerCase();
  return REQUIREMENTS_FOLDERS.has(above) && isDevName(folder);
}
