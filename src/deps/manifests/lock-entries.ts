/** The `[[package]]` tables of a TOML lock file, each with the line that names it. */
import type { ParsedManifest } from '../requirement.js';
import type { Table } from './toml.js';
import { isTable } from './toml.js';
import type { TomlLines } from './toml-lines.js';

export interface LockEntry {
  table: Table;
  /** 1-based line of its `name = …`, else of its `[[package]]` header. */
  line: number;
}

/**
 * The entries of `doc[key]`. Anything else there (`[package]` written as one
 * table, an element that is not a table) is a structure no lock tool writes
 * or reads: it goes to `out.errors` (unreadable), never silently past.
 */
export function lockEntries(doc: Table, key: string, lines: TomlLines, path: string, out: ParsedManifest): LockEntry[] {
  const list = doc[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    out.errors.push({ path, line: lines.scope([key]).line, message: `${path}: ${key} should be an array of tables ([[${key}]])` });
    return [];
  }
  // An array of tables keeps document order, so the n-th header is the n-th element.
  const headers = lines.headersAt([key]);
  const sameCount = headers.length === list.length;
  return list.flatMap((table, n) => {
    const header = sameCount ? headers[n] : undefined;
    if (!isTable(table)) {
      out.errors.push({
        path,
        line: header ? header.index + 1 : lines.scope([key]).line,
        message: `${path}: ${key} entry ${n + 1} should be a table`,
      });
      return [];
    }
    return [{ table, line: header ? lines.keyLine(lines.body(header), 'name') : 1 }];
  });
}

/**
 * Checks the fields of one entry against the types the format allows: each
 * named field that is present must be of its type. The first wrong one goes to
 * `out.errors` and the entry is not read further (false).
 */
export function checkFields(
  entry: LockEntry,
  fields: Record<string, 'string' | 'boolean' | 'table' | 'strings' | 'array'>,
  what: string,
  path: string,
  out: ParsedManifest,
): boolean {
  for (const [field, type] of Object.entries(fields)) {
    const value = entry.table[field];
    if (value === undefined) continue;
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'boolean'
          ? typeof value === 'boolean'
          : type === 'table'
            ? isTable(value)
            : type === 'array'
              ? Array.isArray(value)
              : Array.isArray(value) && value.every((item) => typeof item === 'string');
    if (!ok) {
      const expected = {
        string: 'a string',
        boolean: 'true or false',
        table: 'a table',
        strings: 'an array of strings',
        array: 'an array',
      }[type];
      out.errors.push({
        path,
        line: entry.line,
        message: `${path}: ${what} has ${field} = ${describe(value)}, which should be ${expected}`,
      });
      return false;
    }
  }
  return true;
}

/** A short rendering of a value of the wrong type, for an error message. */
export function describe(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : isTable(value) ? 'a table' : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
