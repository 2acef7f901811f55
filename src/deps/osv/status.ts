import { stat } from 'node:fs/promises';
import { isSecgateError } from '../../errors.js';
import { openDatabase, type OpenedDatabase } from './database.js';

export interface DatabaseStatus {
  path: string;
  exists: boolean;
  /** When the file (or folder) was last written: the download time for `db update`. */
  fetched?: Date;
  bytes?: number;
  opened?: OpenedDatabase;
  /** Why it exists but cannot be used. */
  problem?: string;
}

/** What `db status` and `doctor` show about the database at `path`; opening it builds its index if needed. */
export async function databaseStatus(path: string, env: NodeJS.ProcessEnv): Promise<DatabaseStatus> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return { path, exists: false };
  const status: DatabaseStatus = { path, exists: true, fetched: info.mtime, ...(info.isFile() ? { bytes: info.size } : {}) };
  try {
    status.opened = await openDatabase(path, env);
  } catch (error) {
    if (!isSecgateError(error)) throw error;
    status.problem = error.message;
  }
  return status;
}
