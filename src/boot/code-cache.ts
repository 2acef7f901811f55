/**
 * Loads the hooks' bundle (dist/cli.cjs) with a V8 code cache: V8 then
 * deserialises the bundle's compiled functions instead of parsing and
 * compiling them on every commit (about 5 ms of a warm hook's 50, measured by
 * bench/). Node 22 has module.enableCompileCache for this; secgate also runs on
 * Node 20, so it is done here, with `vm.Script`'s cachedData.
 *
 * A code cache is code: V8 runs what it holds. So it is kept only where this
 * user alone can write (the private runtime folder, checked like the
 * resident Bandit's), it is read without following links and only when
 * this user owns it, and its name carries the bundle file's identity (device,
 * inode, size, modification and change times) and Node's version: a rebuilt
 * or reinstalled bundle never meets the cache of another build. V8 itself
 * checks its version, its flags and the source's length. Anything amiss, and
 * the bundle is required as usual: the cache only ever saves time.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { privateDirProblem, runtimeDir } from '../process/private-dir.js';
import { saysOff } from '../process/switch.js';

/** What bin/secgate.js calls. */
export interface Cli {
  start(argv: string[]): void;
}

/** A cache larger than this is not a cache of the bundle (about 200 KB). */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;
const PREFIX = 'cli-';
const SUFFIX = '.v8cache';

/** The cache's file name for this bundle file on this Node: a rebuilt, reinstalled or edited bundle gets another. */
export function cacheFileName(file: Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'>, node: string, arch: string): string {
  return `${PREFIX}${node}-${arch}-${file.dev}-${file.ino}-${file.size}-${file.mtimeNs}-${file.ctimeNs}${SUFFIX}`;
}

/** The cached data at `path` when this user owns it and no one else can write it; else undefined. */
function readOwnCache(path: string): Buffer | undefined {
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    const uid = process.getuid?.();
    if (!info.isFile() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o022) !== 0 || info.size > MAX_CACHE_BYTES) {
      return undefined;
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Caches kept: this build's and the newest of others (another install of secgate used in another
 * repository, another Node), so that two in turn do not remove each other's at every run.
 */
const KEPT = 4;

/** Writes the cache beside the others (never in place), and drops all but the newest KEPT. */
function saveCache(dir: string, name: string, data: Buffer): void {
  if (privateDirProblem(dir, true) !== undefined) return;
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, join(dir, name));
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    return;
  }
  const others = readdirSync(dir)
    .filter((entry) => entry !== name && entry.startsWith(PREFIX) && entry.endsWith(SUFFIX))
    .map((entry) => {
      try {
        return { entry, mtime: statSync(join(dir, entry)).mtimeMs };
      } catch {
        return { entry, mtime: 0 };
      }
    })
    .sort((a, b) => b.mtime - a.mtime);
  for (const { entry } of others.slice(KEPT - 1)) {
    try {
      unlinkSync(join(dir, entry));
    } catch {
      // Another run removed it first.
    }
  }
}

/** The bundle's text and the identity of the very file it was read from. */
function readBundle(file: string): { source: string; stat: BigIntStats } {
  const fd = openSync(file, constants.O_RDONLY);
  try {
    const stat = fstatSync(fd, { bigint: true });
    return { source: readFileSync(fd, 'utf8'), stat };
  } finally {
    closeSync(fd);
  }
}

/**
 * The bundle's exports, compiled with the cache when there is a usable one;
 * a cache is written when there was none or V8 refused it, at the end of a
 * run that gave a verdict (0 or 1), so it holds the functions a hook runs.
 */
export function loadCli(file: string, env: NodeJS.ProcessEnv = process.env): Cli {
  const requireHere = createRequire(file);
  if (saysOff(env.SECGATE_CODE_CACHE)) return requireHere(file) as Cli;
  let script: Script;
  let source: string;
  let dir: string;
  let name: string;
  let cachedData: Buffer | undefined;
  try {
    const bundle = readBundle(file);
    source = bundle.source;
    dir = runtimeDir(env);
    name = cacheFileName(bundle.stat, process.versions.node, process.arch);
    if (privateDirProblem(dir, false) === undefined) cachedData = readOwnCache(join(dir, name));
    script = new Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  } catch {
    // No cache to be had (an unreadable folder, a compile-time surprise): the usual way.
    return requireHere(file) as Cli;
  }
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code !== 0 && code !== 1) return;
      try {
        saveCache(dir, name, script.createCachedData());
      } catch {
        // A cache not written costs the next run its compile, nothing else.
      }
    });
  }
  const module = { exports: {} as Cli, secgateImport: importer(dirname(file)) };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, requireHere, module, file, dirname(file));
  return module.exports;
}

/**
 * The CommonJS wrapper, as Node's own loader puts around a module (so line
 * numbers in stack traces stay the file's).
 */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * The bundle's dynamic import(), done from here: code compiled by vm.Script
 * on Node 20 cannot import() (no loader is attached to it, and none when it
 * comes from a cache), so scripts/build.js has the bundle call
 * `module.secgateImport` when it is there. Relative names are the bundle's own.
 */
function importer(base: string): (specifier: string) => Promise<unknown> {
  return (specifier) => {
    if (!specifier.startsWith('.')) return import(specifier);
    return import(pathToFileURL(resolve(base, specifier)).href);
  };
}
