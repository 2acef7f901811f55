/** The `[[package]]` tables of a TOML lock file, each with the line that names it. */
import type { Table } from './toml.js';
import { isTable } from './toml.js';
import type { TomlLines } from './toml-lines.js';

export interface LockEntry {
  table: Table;
  /** 1-based line of its `name = …`, else of its `[[package]]` header. */
  line: number;
}

export function lockEntries(doc: Table, key: string, lines: TomlLines): LockEntry[] {
  const list = doc[key];
  if (!Array.isArray(list)) return [];
  // An array of tables keeps document order, so the n-th header is the n-th element.
  const headers = lines.headersAt([key]);
  const sameCount = headers.length === list.length;
  return list.flatMap((table, n) => {
    if (!isTable(table)) return [];
    const header = sameCount ? headers[n] : undefined;
    return [{ table, line: header ? lines.keyLine(lines.body(header), 'name') : 1 }];
  });
}
