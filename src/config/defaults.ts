import type { Config } from './types.js';

/** The policy of DESIGN.md: LOW warns, MEDIUM and up block, unknown is blocking. */
export function defaultConfig(): Config {
  return {
    failOn: 'medium',
    // Adopting secgate in a repository with old findings must not mean bypassing every commit: CI's `scan --all` judges the history.
    inherited: 'warn',
    code: { enabled: true, exclude: [], minConfidence: 'low', onParseError: 'fail', timeout: 600, worker: true },
    deps: {
      enabled: true,
      unknownSeverity: 'high',
      devOnly: 'warn',
      unpinned: 'warn',
      onParseError: 'fail',
      maxAgeDays: 30,
      exclude: [],
    },
    ignore: [],
    bypass: { allowed: true, requireReason: true },
    cache: { maxEntries: 20000 },
  };
}
