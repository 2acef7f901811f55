import type { Config } from './types.js';

/** The policy of DESIGN.md: LOW warns, MEDIUM and up block, unknown is blocking. */
export function defaultConfig(): Config {
  return {
    failOn: 'medium',
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
