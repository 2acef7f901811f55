/**
 * Line numbers for values of a parsed TOML document. The parser gives none,
 * so the source is indexed once (table headers, keys and quoted strings per
 * table) and values are looked up in the table that holds them. Best effort:
 * when a value cannot be found, its table's header line stands in.
 */
import { splitLines } from './text.js';

export interface Header {
  /** 0-based index of the header's line. */
  index: number;
  path: string[];
  /** Position among the document's headers. */
  n: number;
}

/** A run of lines to look in, and the 1-based line to report when nothing closer is found. */
export interface Scope {
  from: number;
  to: number;
  line: number;
  /** The whole table the scope was narrowed from: strings are indexed once per table, not once per key. */
  table?: { from: number; to: number };
}

const HEADER = /^\s*\[\[?\s*([^[\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_AT_START = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]/;
const KEY_ANYWHERE = /(?:^\s*|[{,.]\s*)(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))(?=\s*[=.])/g;
const QUOTED = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;

/** `tool.poetry.group."my.group".dependencies` → its keys. */
function splitDotted(text: string): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(/\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^.\s"']+))\s*(?:\.|$)/g)) {
    keys.push(unescape(match[1]) ?? match[2] ?? match[3] ?? '');
  }
  return keys;
}

function unescape(basic: string | undefined): string | undefined {
  return basic?.replace(/\\(["\\])/g, '$1');
}

export class TomlLines {
  readonly headers: Header[] = [];
  private readonly lines: string[];
  private readonly keyIndex = new Map<string, Map<string, number>>();
  private readonly stringIndex = new Map<string, Map<string, number[]>>();
  private readonly positionIndex = new Map<string, Map<string, number[]>>();

  constructor(text: string) {
    this.lines = splitLines(text);
    let inBasic = false;
    let inLiteral = false;
    this.lines.forEach((line, index) => {
      if (!inBasic && !inLiteral) {
        const header = HEADER.exec(line);
        if (header?.[1] !== undefined) this.headers.push({ index, path: splitDotted(header[1]), n: this.headers.length });
      }
      // Lines inside multi-line strings are text, not headers.
      if (!inLiteral && count(line, '"""') % 2 === 1) inBasic = !inBasic;
      if (!inBasic && count(line, "'''") % 2 === 1) inLiteral = !inLiteral;
    });
  }

  /** The headers of exactly `path`, in order: one per element of an array of tables. */
  headersAt(path: string[]): Header[] {
    return this.headers.filter((h) => sameKeys(h.path, path));
  }

  /** The lines a header's table spans, up to the next header. */
  body(header: Header): Scope {
    const next = this.headers[header.n + 1];
    return { from: header.index + 1, to: next?.index ?? this.lines.length, line: header.index + 1 };
  }

  /** Where the value at `path` is written: its table, narrowed to its key's line where that is found. */
  scope(path: string[]): Scope {
    let best: Header | undefined;
    for (const h of this.headers) {
      if (h.path.length <= path.length && sameKeys(h.path, path.slice(0, h.path.length))) {
        if (!best || h.path.length > best.path.length) best = h;
      }
    }
    const scope: Scope = best ? this.body(best) : { from: 0, to: this.headers[0]?.index ?? this.lines.length, line: 1 };
    // Keys below the table header: `optional-dependencies = { dev = [` or `[project]` … `dependencies = [`.
    // Keys are looked up in an index of the table's lines, built once: a search per key is quadratic on a table of many keys.
    const keys = path.slice(best?.path.length ?? 0);
    scope.table = { from: scope.from, to: scope.to };
    if (keys.length === 0) return scope;
    const index = this.keyPositions(scope.from, scope.to);
    for (const key of keys) {
      const found = index.get(key)?.find((i) => i >= scope.from);
      if (found === undefined) break;
      scope.from = found;
      scope.line = found + 1;
    }
    return scope;
  }

  /** Lines (0-based, ascending) of each key written at a line's start or after `{`, `,` or `.`, in lines [from, to). */
  private keyPositions(from: number, to: number): Map<string, number[]> {
    const id = `k${from}:${to}`;
    let index = this.positionIndex.get(id);
    if (index) return index;
    index = new Map();
    for (let i = from; i < to; i++) {
      for (const match of (this.lines[i] ?? '').matchAll(KEY_ANYWHERE)) {
        const key = match[1] ?? match[2] ?? match[3] ?? '';
        const lines = index.get(key) ?? [];
        if (lines.at(-1) !== i) lines.push(i);
        index.set(key, lines);
      }
    }
    this.positionIndex.set(id, index);
    return index;
  }

  /** The 1-based line where `key = …` starts a line of the scope, else the scope's line. */
  keyLine(scope: Scope, key: string): number {
    const id = `${scope.from}:${scope.to}`;
    let keys = this.keyIndex.get(id);
    // A small table (a lock entry) is looked at once: scanning it beats building and keeping an index per entry.
    if (!keys && scope.to - scope.from <= 32) {
      for (let i = scope.from; i < scope.to; i++) {
        const match = KEY_AT_START.exec(this.lines[i] ?? '');
        if (match && (unescape(match[1]) ?? match[2] ?? match[3]) === key) return i + 1;
      }
      return scope.line;
    }
    if (!keys) {
      keys = new Map();
      for (let i = scope.from; i < scope.to; i++) {
        const match = KEY_AT_START.exec(this.lines[i] ?? '');
        const name = match ? (unescape(match[1]) ?? match[2] ?? match[3]) : undefined;
        if (name !== undefined && !keys.has(name)) keys.set(name, i + 1);
      }
      this.keyIndex.set(id, keys);
    }
    return keys.get(key) ?? scope.line;
  }

  /**
   * Finds the quoted strings of an array in order: each call returns the line
   * of the next occurrence of `value` at or after the previous one found.
   */
  stringCursor(scope: Scope): (value: string) => number {
    const range = scope.table ?? scope;
    const id = `${range.from}:${range.to}`;
    let strings = this.stringIndex.get(id);
    if (!strings) {
      strings = new Map();
      for (let i = range.from; i < range.to; i++) {
        for (const match of (this.lines[i] ?? '').matchAll(QUOTED)) {
          const value = unescape(match[1]) ?? match[2] ?? '';
          const lines = strings.get(value) ?? [];
          if (lines.at(-1) !== i + 1) lines.push(i + 1);
          strings.set(value, lines);
        }
      }
      this.stringIndex.set(id, strings);
    }
    const index = strings;
    let at = scope.from + 1;
    return (value) => {
      const line = firstAtLeast(index.get(value), at);
      if (line === undefined || line > scope.to) return scope.line;
      at = line;
      return line;
    };
  }
}

/** The first of ascending `lines` that is at least `at` (binary search: a value written many times stays linear overall). */
function firstAtLeast(lines: number[] | undefined, at: number): number | undefined {
  if (!lines) return undefined;
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((lines[mid] ?? 0) < at) low = mid + 1;
    else high = mid;
  }
  return lines[low];
}

/** Occurrences of `needle` in `line`, without building an array per line. */
function count(line: string, needle: string): number {
  let n = 0;
  for (let at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + needle.length)) n++;
  return n;
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
