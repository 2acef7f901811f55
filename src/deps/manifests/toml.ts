/** TOML parsing that reports instead of throwing, and small readers for an untyped parse result. */
import { parse, TomlError } from 'smol-toml';

export type Table = Record<string, unknown>;

export type Parsed<T> = { value: T } | { error: { line: number; message: string } };

export function parseToml(text: string, what: string): Parsed<Table> {
  try {
    // `__proto__` keys in a cloned repository's file must not reach object prototypes.
    return { value: parse(text, { unsafeKeyBehaviour: 'drop' }) };
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error';
      return { error: { line: Math.max(1, error.line), message: `${what} is not valid TOML: ${reason}` } };
    }
    return { error: { line: 1, message: `${what} is not valid TOML: ${String(error)}` } };
  }
}

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `table.a.b.c`, or undefined where a step is missing or not a table. */
export function dig(table: unknown, ...keys: string[]): unknown {
  let current = table;
  for (const key of keys) {
    if (!isTable(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An inline rendering of a TOML value, for a requirement's text (`{ version = "1.0", extras = ["x"] }`). */
export function inline(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isTable(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${k} = ${inline(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}
