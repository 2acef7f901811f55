import { readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from '../process/fs-async.js';
import { join } from 'node:path';
import { firstLine } from '../files/first-line.js';
import { builtin } from '../process/builtin.js';
import { tempSibling } from '../files/temp-name.js';

/**
 * A wrapper (a pyenv shim, `python3 -m bandit`) does not change when the Bandit
 * behind it is upgraded, so its memo is trusted for a while only; a Python entry
 * point is rewritten by every upgrade, so its file identity is enough.
 */
const WRAPPER_TRUST_MS = 60 * 60 * 1000;

interface Entry {
  identity: string;
  version: string;
  at: number;
  /** What ran (see describeProgram) and its digest: the memo answers for that program only. */
  ran?: string;
  program?: string;
}

/** The tool's version, and a short digest of what ran: both are part of the cache key. */
export interface RememberedTool {
  version: string;
  program: string;
}

/** A short digest of what ran. node:crypto only when the memo does not already hold it: never on a warm commit. */
export async function programDigest(ran: string): Promise<string> {
  const { createHash } = await builtin('node:crypto', () => import('node:crypto'));
  return createHash('sha256').update(ran).digest('hex').slice(0, 16);
}

/**
 * Size, change time and inode of the real file: any reinstall changes one of
 * them. Synchronous: every warm commit asks, and these are four quick calls.
 */
function fileIdentity(executable: string): { identity: string; python: boolean } | undefined {
  try {
    const real = realpathSync(executable);
    const info = statSync(real);
    const shebang = firstLine(real, 128);
    return { identity: `${real}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}`, python: /^#!.*python/.test(shebang) };
  } catch {
    return undefined;
  }
}

/**
 * Remembers a tool's `--version` answer in `<git-common-dir>/secgate/tools.json`,
 * so a warm commit starts no Python at all. `command` is the executable and the
 * arguments before the tool's own (`python3 -m bandit`).
 */
export function rememberToolVersion(commonDir: string, now: () => number = Date.now) {
  const file = join(commonDir, 'secgate', 'tools.json');
  return async (command: string[], probe: () => Promise<string>, ran: string): Promise<RememberedTool> => {
    const [executable = '', ...prefix] = command;
    const found = fileIdentity(executable);
    if (!found) return { version: await probe(), program: await programDigest(ran) };
    const key = command.join('\0');
    const trustFor = found.python && prefix.length === 0 ? Infinity : WRAPPER_TRUST_MS;

    let memo: Record<string, Entry> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) memo = parsed as Record<string, Entry>;
    } catch {
      // absent or damaged: probe and rewrite
    }
    const entry = memo[key];
    if (
      entry &&
      entry.identity === found.identity &&
      entry.ran === ran &&
      typeof entry.version === 'string' &&
      typeof entry.program === 'string' &&
      now() - entry.at < trustFor
    ) {
      return { version: entry.version, program: entry.program };
    }

    const version = await probe();
    const program = await programDigest(ran);
    memo[key] = { identity: found.identity, version, at: now(), ran, program };
    try {
      await mkdir(join(file, '..'), { recursive: true });
      const temp = tempSibling(file);
      await writeFile(temp, JSON.stringify(memo));
      await rename(temp, file);
    } catch {
      // a read-only repository still scans; it only probes again next time
    }
    return { version, program };
  };
}
