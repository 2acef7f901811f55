import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { normalizeName } from '../requirement.js';
import { buildIndex, DamagedDatabase, INDEX_FORMAT, type BuiltIndex, type IndexMeta, type Span } from './compact-index.js';
import { indexRoot } from './location.js';
import type { AdvisoryDatabase, OsvRecord } from './types.js';

/** An opened database, with what `db status` and `doctor` show. */
export interface OpenedDatabase extends AdvisoryDatabase {
  packages: number;
  withdrawn: number;
  /** Where its compact index lives, or undefined when it could only be kept in memory. */
  indexDir: string | undefined;
}

/**
 * Identifies one version of a database: a new download or an edited folder
 * gets a new index. `as` names the path the file will have (an update builds
 * the index before renaming the download into place).
 */
async function databaseKey(path: string, isDirectory: boolean, as: string = path): Promise<string> {
  const real = join(await realpath(dirname(as)), basename(as));
  const hash = createHash('sha256').update(`${INDEX_FORMAT}\0${real}\0`);
  if (isDirectory) {
    const names = (await readdir(path, { recursive: true })).filter((name) => name.endsWith('.json')).sort();
    for (const name of names) {
      const info = await stat(join(path, name));
      hash.update(`${name}\0${info.size}\0${info.mtimeMs}\0`);
    }
  } else {
    const info = await stat(path);
    hash.update(`${info.size}\0${info.mtimeMs}\0${info.ino}`);
  }
  return hash.digest('hex').slice(0, 32);
}

async function readIndex(dir: string): Promise<IndexMeta | undefined> {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as IndexMeta;
    // A damaged index.json is rebuilt, like a missing one.
    const whole = typeof meta?.packages === 'object' && meta.packages !== null && typeof meta.ids === 'object' && meta.ids !== null;
    return meta?.format === INDEX_FORMAT && whole ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** Writes an index folder beside its final place, then renames it in: readers never see half of one. */
export async function storeIndex(built: BuiltIndex, dir: string): Promise<void> {
  const temp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(temp, { recursive: true });
  try {
    await writeFile(join(temp, 'records.jsonl'), built.records);
    // index.json last: its presence means the folder is complete.
    await writeFile(join(temp, 'index.json'), JSON.stringify(built.meta));
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another hook built the same index first: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** One record's text as an OSV record; anything else means the index is damaged. */
function parseRecord(text: string): OsvRecord {
  const record = JSON.parse(text) as unknown;
  if (typeof record !== 'object' || record === null || typeof (record as { id?: unknown }).id !== 'string') {
    throw new Error('a record is not an OSV advisory');
  }
  return record as OsvRecord;
}

/**
 * Reads records by byte range, from the index file or from memory. A record
 * that cannot be read (a truncated or edited records.jsonl) is a tool error
 * that says how to get a good index, never an internal error, nor an advisory
 * quietly missing.
 */
function recordReader(dir: string | undefined, memory: Buffer | undefined) {
  const file = join(dir ?? '', 'records.jsonl');
  const read = (spans: Span[]): OsvRecord[] => {
    if (memory) return spans.map(([offset, length]) => parseRecord(memory.toString('utf8', offset, offset + length)));
    const fd = openSync(file, 'r');
    try {
      return spans.map(([offset, length]) => {
        const buffer = Buffer.alloc(length);
        if (readSync(fd, buffer, 0, length, offset) !== length) throw new Error('records.jsonl is shorter than its index says');
        return parseRecord(buffer.toString('utf8'));
      });
    } finally {
      closeSync(fd);
    }
  };
  return (spans: Span[]): OsvRecord[] => {
    if (spans.length === 0) return [];
    try {
      return read(spans);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ToolError(messages.damagedIndex(dir ?? '(memory)', reason), {
        remedy: messages.damagedIndexRemedy(dir ?? ''),
        cause: error,
      });
    }
  };
}

/**
 * Opens the advisory database at `path` (an OSV all.zip or a folder of OSV
 * JSON) through its compact index in the user cache, building the index on
 * first use. No database, or a damaged one, is a tool error (exit 3): a hook
 * that could not look must not pass.
 */
export async function openDatabase(path: string, env: NodeJS.ProcessEnv, options: { as?: string } = {}): Promise<OpenedDatabase> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ToolError(messages.noDatabase(path), { remedy: messages.noDatabaseRemedy });
  const isDirectory = info.isDirectory();

  const dir = join(indexRoot(env), await databaseKey(path, isDirectory, options.as));
  let meta = await readIndex(dir);
  let memory: Buffer | undefined;
  let indexDir: string | undefined = dir;
  if (!meta) {
    let built: BuiltIndex;
    try {
      built = await buildIndex(options.as ?? path, isDirectory, path);
    } catch (error) {
      const reason = error instanceof DamagedDatabase ? error.message : (error as Error).message;
      throw new ToolError(messages.damagedDatabase(path, reason), { remedy: messages.noDatabaseRemedy, cause: error });
    }
    meta = built.meta;
    try {
      await mkdir(indexRoot(env), { recursive: true });
      await storeIndex(built, dir);
    } catch {
      // A read-only home still audits, from memory; it only rebuilds next time.
      memory = built.records;
      indexDir = undefined;
    }
  }

  const { packages, ids } = meta;
  const read = recordReader(indexDir, memory);
  return {
    source: path,
    updated: new Date(meta.updated),
    advisories: meta.advisories,
    withdrawn: meta.withdrawn,
    packages: Object.keys(packages).length,
    indexDir,
    async recordsFor(names) {
      const found = new Map<string, OsvRecord[]>();
      for (const name of new Set(names.map(normalizeName))) {
        const spans = Object.hasOwn(packages, name) ? (packages[name] ?? []) : [];
        if (spans.length > 0) found.set(name, read(spans));
      }
      return found;
    },
    async recordById(id) {
      const span = Object.hasOwn(ids, id) ? ids[id] : undefined;
      return span ? read([span])[0] : undefined;
    },
  };
}

/** Removes the indexes of earlier versions of the database at `source` (of any index format), keeping `keep`. */
export async function removeOldIndexes(source: string, keep: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const root = indexRoot(env);
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, name);
    if (dir === keep) continue;
    const meta = await readFile(join(dir, 'index.json'), 'utf8')
      .then((text) => JSON.parse(text) as { source?: unknown })
      .catch(() => undefined);
    if (meta?.source === source) await rm(dir, { recursive: true, force: true });
  }
}
