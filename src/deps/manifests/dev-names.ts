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
 * Whether a requirements file is development-only by its path: a directory
 * (`tests/requirements.txt`, `requirements/dev/base.txt`) or the file name
 * (`requirements-dev.txt`, `dev-requirements.txt`, `requirements/test.txt`).
 */
export function isDevPath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  const stem = file.replace(/\.[^.]*$/, '');
  return parts.some(isDevName) || isDevName(stem);
}
