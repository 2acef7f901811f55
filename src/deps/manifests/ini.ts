/**
 * The INI dialect setup.cfg is read with: Python's configparser as setuptools
 * sets it up (`ConfigParser()`, strict, keys as written). `key = value` or
 * `key: value`, values continued on more-indented lines, blank lines kept
 * inside values, whole-line `#`/`;` comments dropped. What configparser
 * refuses (a line before any section, a line that is neither a header nor a
 * `key = value`, a repeated section or key) is returned as an error: setuptools
 * cannot read such a file, so nothing in it can be trusted to be all it installs.
 */
import { splitLines } from './text.js';

export interface IniLine {
  text: string;
  /** 1-based. */
  line: number;
}

export interface IniValue {
  /** 1-based line of the key. */
  line: number;
  /** The text after the delimiter, then each continuation line. */
  lines: IniLine[];
}

export interface Ini {
  /** section → key (lower case, as setuptools folds it) → value. */
  sections: Map<string, Map<string, IniValue>>;
  errors: IniLine[];
}

/** configparser's SECTCRE: `[` then the greediest text before a `]`, on the stripped line. */
const SECTION = /^\[(.+)\]/;

export function parseIni(text: string): Ini {
  const sections = new Map<string, Map<string, IniValue>>();
  const errors: IniLine[] = [];
  let section: Map<string, IniValue> | undefined;
  let sectionKeys = new Set<string>();
  let value: IniValue | undefined;
  let indent = 0;
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const lead = raw.length - raw.trimStart().length;
    if (trimmed === '') {
      value?.lines.push({ text: '', line });
      continue;
    }
    if (value && lead > indent) {
      value.lines.push({ text: trimmed, line });
      continue;
    }
    value = undefined;
    const header = SECTION.exec(trimmed);
    if (header?.[1] !== undefined) {
      const name = header[1];
      if (sections.has(name)) errors.push({ line, text: `section [${name}] appears twice` });
      section = sections.get(name) ?? new Map<string, IniValue>();
      sectionKeys = new Set();
      sections.set(name, section);
      continue;
    }
    if (!section) {
      // configparser stops at once: MissingSectionHeaderError.
      errors.push({ line, text: `"${clip(trimmed)}" comes before any [section] header` });
      break;
    }
    const delimiter = /[=:]/.exec(trimmed);
    const key = delimiter ? trimmed.slice(0, delimiter.index).trimEnd() : '';
    if (!delimiter || key === '') {
      errors.push({ line, text: `"${clip(trimmed)}" is neither a [section] header nor a key = value` });
      continue;
    }
    if (sectionKeys.has(key)) errors.push({ line, text: `key ${key} appears twice in its section` });
    sectionKeys.add(key);
    indent = lead;
    value = { line, lines: [{ text: trimmed.slice(delimiter.index + 1).trimStart(), line }] };
    section.set(key.toLowerCase(), value);
  }
  return { sections, errors };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
