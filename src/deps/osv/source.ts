import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';

/** One JSON document of the database, by its file name; `text` is undefined when the entry could not be read. */
export interface SourceEntry {
  name: string;
  text: string;
}

/**
 * Streams the JSON files of an OSV export: a zip (OSV's `all.zip` layout, one
 * `<ID>.json` per advisory) is inflated one entry at a time so memory stays
 * flat; a directory is read file by file, recursively.
 */
export async function* sourceEntries(path: string, isDirectory: boolean): AsyncGenerator<SourceEntry> {
  if (isDirectory) {
    const names = (await readdir(path, { recursive: true })).filter((name) => name.endsWith('.json')).sort();
    for (const name of names) yield { name, text: await readFile(join(path, name), 'utf8') };
    return;
  }
  const ready: SourceEntry[] = [];
  let failure: Error | undefined;
  let entries = 0;
  const unzip = new Unzip((file) => {
    entries += 1;
    if (!file.name.endsWith('.json')) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (error) {
        failure = error;
        return;
      }
      chunks.push(chunk);
      if (final) ready.push({ name: file.name, text: Buffer.concat(chunks).toString('utf8') });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  let sawData = false;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sawData = true;
    tail = Buffer.concat([tail, chunk as Buffer]).subarray(-EOCD_SEARCH);
    unzip.push(chunk as Buffer);
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  if (!sawData) throw new Error('the file is empty');
  checkComplete(tail, entries);
  yield* ready.splice(0);
}

/** The end-of-central-directory record is 22 bytes plus a comment of up to 65535. */
const EOCD_SEARCH = 22 + 0xffff;

/**
 * A zip cut short at an entry boundary (an interrupted copy or download)
 * streams without an error and yields fewer advisories: the central
 * directory at the end, and its entry count, show that nothing is missing.
 */
function checkComplete(tail: Buffer, entries: number): void {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== 0x06054b50) continue;
    const listed = tail.readUInt16LE(at + 10);
    // 0xffff: a zip64 archive keeps the real count elsewhere; the record's presence is the check then.
    // The field has 16 bits, and some writers store a larger count modulo 65536.
    if (listed !== 0xffff && listed !== entries % 0x10000) {
      throw new Error(`the zip lists ${listed} files but holds ${entries}: it is incomplete or damaged`);
    }
    return;
  }
  throw new Error('the zip has no central directory: it is incomplete (an interrupted download or copy?)');
}
