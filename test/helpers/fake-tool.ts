import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes an executable shell script into `dir` and returns its path: a fake
 * scanner for fault injection only (a crash, a hang, a recorder that then
 * runs the real tool).
 */
export function fakeTool(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
