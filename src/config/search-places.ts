/**
 * Where a config may live, in the order they are tried. Only data formats: a
 * cloned repository's config must never run code.
 */
export const SEARCH_PLACES = [
  'package.json',
  '.secgaterc',
  '.secgaterc.json',
  '.secgaterc.yaml',
  '.secgaterc.yml',
  'pyproject.toml',
] as const;
