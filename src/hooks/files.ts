import { randomBytes } from 'node:crypto';
import { chmod, lstat, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ToolError } from '../errors.js';
import { messages } from '../messages.js';

/**
 * Runs a file operation on `path`, turning the machine's refusals (EACCES,
 * EROFS, ...) into a ToolError that names the file, not an internal error.
 */
export async function onFile<T>(path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new ToolError(messages.hooksNotWritable(path, (error as Error).message), {
      remedy: messages.hooksNotWritableRemedy,
      cause: error,
    });
  }
}

/** Writes a file by rename, so git never runs a half-written hook. */
export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode });
    // The umask may have taken bits away.
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Whether anything is at `path`, a dangling symlink included. */
export async function present(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The text of a file, or undefined when it cannot be read (absent, a directory, a dangling link). */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
