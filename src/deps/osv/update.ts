import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isSecgateError, ToolError, UsageError } from '../../errors.js';
import { messages } from '../../messages.js';
import { openDatabase, removeOldIndexes, type OpenedDatabase } from './database.js';
import { defaultDatabasePath, OSV_PYPI_URL } from './location.js';

export interface DownloadProgress {
  received: number;
  /** From Content-Length; undefined when the server does not say. */
  total: number | undefined;
}

export interface UpdateOptions {
  /** A local zip or an http(s) URL; default SECGATE_OSV_URL, then OSV's PyPI export. */
  from?: string;
  env: NodeJS.ProcessEnv;
  onStart?: (from: string) => void;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

async function download(url: string, target: string, options: UpdateOptions): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new ToolError(messages.dbDownloadFailed(url, cause ?? (error as Error).message), {
      remedy: messages.dbDownloadRemedy,
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new ToolError(messages.dbDownloadFailed(url, `HTTP ${response.status} ${response.statusText}`.trim()), {
      remedy: messages.dbDownloadRemedy,
    });
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  let received = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    options.onProgress?.({ received, total });
  });
  try {
    await pipeline(body, createWriteStream(target, { mode: 0o644 }));
  } catch (error) {
    throw new ToolError(messages.dbDownloadFailed(url, (error as Error).message), { remedy: messages.dbDownloadRemedy, cause: error });
  }
  if (total !== undefined && received !== total) {
    throw new ToolError(messages.dbDownloadFailed(url, `received ${received} of ${total} bytes`), { remedy: messages.dbDownloadRemedy });
  }
}

/**
 * Fetches (or copies) an OSV PyPI export next to the database's place, checks
 * it by building its index, and only then renames it over the old one: a
 * failed or interrupted update leaves the previous database in use.
 * Always writes to the user cache, never where a repository's config points.
 */
export async function updateDatabase(options: UpdateOptions): Promise<OpenedDatabase & { path: string }> {
  const { env } = options;
  const from = options.from ?? env.SECGATE_OSV_URL ?? OSV_PYPI_URL;
  const path = defaultDatabasePath(env);
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.PyPI.${process.pid}.${randomBytes(4).toString('hex')}.zip`);
  options.onStart?.(from);
  try {
    if (isUrl(from)) await download(from, temp, options);
    else {
      const info = await stat(from).catch(() => undefined);
      if (!info?.isFile()) throw new UsageError(messages.dbFromMissing(from));
      await copyFile(from, temp);
    }
    // Building the index reads every record: a damaged file fails here, before it replaces anything.
    const opened = await openDatabase(temp, env, { as: path }).catch((error: unknown) => {
      // Named as the user gave it, not as the private copy that was checked.
      if (!isSecgateError(error)) throw error;
      const reason = error.cause instanceof Error ? error.cause.message : error.message;
      throw new ToolError(messages.dbSourceUnusable(from, reason), { remedy: messages.dbSourceUnusableRemedy(path), cause: error });
    });
    await rename(temp, path);
    await removeOldIndexes(path, opened.indexDir, env);
    return { ...opened, source: path, path };
  } finally {
    await rm(temp, { force: true });
  }
}
