/**
 * Reading a blob straight from its loose object file, so a cold commit need
 * not start `git cat-file --batch` for the files it just staged (`git add`
 * writes them loose). A loose object is `<objects>/<2 hex>/<rest of hex>`,
 * zlib-deflated `"<type> <size>\0<content>"`, and its id is the hash of those
 * inflated bytes (https://git-scm.com/book/en/v2/Git-Internals-Git-Objects).
 * Anything but a plain, verified blob is left to cat-file, so what a read
 * returns stays what git shows.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from '../process/fs-async.js';
import { join } from 'node:path';
import type { Repo } from './repo.js';
import { builtin } from '../process/builtin.js';

export type ObjectFormat = 'sha1' | 'sha256';

/** Where a repository keeps its loose objects, and the hash that names them. */
export interface LooseObjects {
  dir: string;
  format: ObjectFormat;
}

const ID_PATTERN: Record<ObjectFormat, RegExp> = { sha1: /^[0-9a-f]{40}$/, sha256: /^[0-9a-f]{64}$/ };

/**
 * The loose objects of a repository, or undefined when git may look for its
 * objects elsewhere: GIT_OBJECT_DIRECTORY (a quarantined push) or alternates
 * given in the environment. Alternates in `objects/info/alternates` need no
 * check: an object kept there has no file here, and is read through cat-file.
 * Replace refs are no reason either: every git call runs with
 * GIT_NO_REPLACE_OBJECTS (exec.ts), which is reading the named object, as here.
 */
export function looseObjects(
  repo: Pick<Repo, 'commonDir'> & { objectFormat?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): LooseObjects | undefined {
  if (env.GIT_OBJECT_DIRECTORY !== undefined || env.GIT_ALTERNATE_OBJECT_DIRECTORIES !== undefined) return undefined;
  const format = repo.objectFormat;
  if (format !== 'sha1' && format !== 'sha256') return undefined;
  return { dir: join(repo.commonDir, 'objects'), format };
}

/** A full-length object id in this format (`HEAD:a.py`, `:a.py` and abbreviations are for cat-file). */
export function isFullId(id: string, format: ObjectFormat): boolean {
  return ID_PATTERN[format].test(id);
}

/**
 * What an inflated loose object holds, checked against the id it is filed under:
 * - `blob`: a blob whose header size is its length and whose hash is the id;
 * - `mismatch`: bytes that do not hash to the id (corruption or tampering);
 * - `other`: another type, or a header git would not write (cat-file decides).
 */
export type LooseContent = { kind: 'blob'; content: Buffer } | { kind: 'mismatch' } | { kind: 'other' };

/** The longest header: `blob ` and a size of up to 20 digits. */
const MAX_HEADER = 32;

/** The content of an inflated loose object whose header says a blob of exactly its length; undefined for anything else. */
function blobContent(inflated: Buffer): Buffer | undefined {
  const nul = inflated.subarray(0, MAX_HEADER).indexOf(0);
  if (nul < 0) return undefined;
  const header = /^blob (0|[1-9][0-9]*)$/.exec(inflated.toString('latin1', 0, nul));
  if (!header || Number(header[1]) !== inflated.length - nul - 1) return undefined;
  return inflated.subarray(nul + 1);
}

/** Parses and verifies an inflated loose object (pure: `hash` is the repository's hash, hex). */
export function parseLoose(inflated: Buffer, id: string, hash: (bytes: Buffer) => string): LooseContent {
  if (hash(inflated) !== id) return { kind: 'mismatch' };
  const content = blobContent(inflated);
  return content === undefined ? { kind: 'other' } : { kind: 'blob', content };
}

type Zlib = typeof import('node:zlib');

// Loaded on the first read: a warm commit reads no blob and pays for neither.
let zlibModule: Promise<Zlib> | undefined;
const loadZlib = () => (zlibModule ??= builtin('node:zlib', () => import('node:zlib')));

/** The repository's hash function, hex (node:crypto, loaded on first need). */
export async function looseHash(format: ObjectFormat): Promise<(bytes: Buffer) => string> {
  const crypto = await builtin('node:crypto', () => import('node:crypto'));
  return (bytes) => crypto.createHash(format).update(bytes).digest('hex');
}

/**
 * Up to this size a loose file is read and inflated synchronously: well under a millisecond, where the
 * first asynchronous read and inflate cost ~4 ms of thread-pool start-up on a cold commit. Larger ones
 * (rare: a big file staged) are read and inflated off the main thread, overlapping.
 */
const SYNC_LIMIT = 64 * 1024;

async function readAndInflate(file: string, zlib: Zlib): Promise<Buffer | undefined> {
  try {
    if (statSync(file).size <= SYNC_LIMIT) return zlib.inflateSync(readFileSync(file));
    const deflated = await readFile(file);
    return await new Promise<Buffer>((resolve, reject) => zlib.inflate(deflated, (error, out) => (error ? reject(error) : resolve(out))));
  } catch {
    return undefined;
  }
}

/** The inflated loose object filed under `id`; undefined when there is none, or it cannot be read or inflated. */
async function inflatedLoose(objects: LooseObjects, id: string): Promise<Buffer | undefined> {
  if (!isFullId(id, objects.format)) return undefined;
  return readAndInflate(join(objects.dir, id.slice(0, 2), id.slice(2)), await loadZlib());
}

/**
 * The loose object filed under `id`, parsed and verified; undefined when there
 * is no such file or it cannot be read or inflated (cat-file then answers,
 * with git's own error if it is broken). `id` must be a full-length id.
 */
export async function readLoose(objects: LooseObjects, id: string): Promise<LooseContent | undefined> {
  const inflated = await inflatedLoose(objects, id);
  if (inflated === undefined) return undefined;
  return parseLoose(inflated, id, await looseHash(objects.format));
}

/**
 * A loose blob's content before its hash is compared with `id`, and the inflated bytes to compare
 * later (BlobReader.readUnchecked); undefined for anything but a plain blob, left to readLoose.
 */
export async function readLooseUnchecked(objects: LooseObjects, id: string): Promise<{ content: Buffer; inflated: Buffer } | undefined> {
  const inflated = await inflatedLoose(objects, id);
  const content = inflated && blobContent(inflated);
  return inflated && content ? { content, inflated } : undefined;
}
