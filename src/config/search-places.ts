/**
 * Where a config may live. Only data formats: a cloned repository's config
 * must never run code.
 */
export const SEARCH_PLACES = [
  'package.json',
  '.secgaterc',
  '.secgaterc.json',
  '.secgaterc.yaml',
  '.secgaterc.yml',
  'pyproject.toml',
] as const;

/** Executable formats: refused when present, never run and never silently passed over. */
export const EXECUTABLE_CONFIGS = [
  '.secgaterc.js',
  '.secgaterc.cjs',
  '.secgaterc.mjs',
  '.secgaterc.ts',
  '.secgaterc.mts',
  '.secgaterc.cts',
] as const;

/** Bandit's own INI settings file. */
export const BANDIT_INI = '.bandit';

/** Every path whose content can change a run's settings (plus `code.banditConfig`, when set). */
export const CONFIG_CANDIDATES: readonly string[] = [...SEARCH_PLACES, ...EXECUTABLE_CONFIGS, BANDIT_INI];
