import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Installation } from './script.js';

/**
 * This secgate's package directory: found by walking up from this module,
 * which works from src/ (tests), dist/ and dist/chunks/ alike.
 */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === 'secgate') return dir;
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The node running us and this installation's bin/secgate.js: what the hook records. */
export function installation(): Installation {
  const root = packageRoot();
  return {
    node: process.execPath,
    // Without a package root (an unusual bundle), the script node was started with.
    entry: root ? join(root, 'bin', 'secgate.js') : (process.argv[1] ?? ''),
  };
}
