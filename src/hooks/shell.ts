/**
 * Quotes a string for POSIX sh: single quotes keep everything literal
 * (spaces, `$`, backslashes, newlines); a single quote itself is closed,
 * escaped and reopened.
 */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A `printf` that writes each line to stderr, every line quoted. */
export function shPrintError(lines: readonly string[], indent: string): string {
  return `${indent}printf '%s\\n' ${lines.map(shQuote).join(' ')} >&2`;
}
