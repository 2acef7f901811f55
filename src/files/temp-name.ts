/**
 * A name beside `file` for writing it atomically (write, then rename). The pid
 * keeps concurrent processes apart; the random part keeps one process's writes
 * apart. Not node:crypto: loading it costs a warm hook more than the write.
 */
export function tempSibling(file: string, suffix = 'tmp'): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.${suffix}`;
}
