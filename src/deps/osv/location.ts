import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Config } from '../../config/types.js';

/** Where OSV publishes its PyPI export; SECGATE_OSV_URL replaces it (a mirror, a test server). */
export const OSV_PYPI_URL = 'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip';

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** The user's cache directory (XDG_CACHE_HOME when absolute, else ~/.cache), never the repository. */
export function userCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home(env), '.cache'), 'secgate');
}

/** Where `secgate db update` writes the database, whatever the config says. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv): string {
  return join(userCacheDir(env), 'osv', 'PyPI.zip');
}

/** Where compact indexes of databases are kept, one folder per database version. */
export function indexRoot(env: NodeJS.ProcessEnv): string {
  return join(userCacheDir(env), 'osv', 'index');
}

/** The database the audit reads: deps.database with `~` as home and relative paths from the repository root, else the default. */
export function databasePath(config: Config, root: string, env: NodeJS.ProcessEnv): string {
  const configured = config.deps.database;
  if (!configured) return defaultDatabasePath(env);
  const expanded = configured === '~' || configured.startsWith('~/') ? join(home(env), configured.slice(1)) : configured;
  return isAbsolute(expanded) ? expanded : resolve(root, expanded);
}
