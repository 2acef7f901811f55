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
  const unzip = new Unzip((file) => {
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
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sawData = true;
    unzip.push(chunk as Buffer);
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  if (!sawData) throw new Error('the file is empty');
  yield* ready.splice(0);
}
