/**
 * node:fs/promises, loaded on first use. The hooks' bundle runs every
 * module's imports when it is loaded, and node:fs/promises costs about 2 ms
 * to load (with the readline and watcher modules it pulls in): a warm commit
 * that calls none of these functions no longer pays for it.
 */
import * as fs from 'node:fs';

type FsPromises = typeof import('node:fs/promises');

/** `name` of node:fs/promises, looked up when called (`fs.promises` is Node's lazy getter). */
function later<K extends keyof FsPromises>(name: K): FsPromises[K] {
  return ((...args: unknown[]) => (fs.promises[name] as (...rest: unknown[]) => unknown)(...args)) as FsPromises[K];
}

export const lstat = later('lstat');
export const mkdir = later('mkdir');
export const open = later('open');
export const readdir = later('readdir');
export const readFile = later('readFile');
export const readlink = later('readlink');
export const rename = later('rename');
export const rm = later('rm');
export const stat = later('stat');
export const unlink = later('unlink');
export const writeFile = later('writeFile');
