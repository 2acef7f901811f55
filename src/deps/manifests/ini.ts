/**
 * The INI dialect setup.cfg is read with (Python's configparser defaults):
 * `key = value` or `key: value`, values continued on more-indented lines,
 * blank lines kept inside values, whole-line `#`/`;` comments dropped.
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

/** section → key (lower case) → value. A repeated key keeps its last value, as configparser's strict=False would. */
export function parseIni(text: string): Map<string, Map<string, IniValue>> {
  const sections = new Map<string, Map<string, IniValue>>();
  let section: Map<string, IniValue> | undefined;
  let value: IniValue | undefined;
  let indent = 0;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (/^[#;]/.test(trimmed)) return;
    const lead = raw.length - raw.trimStart().length;
    if (trimmed === '') {
      value?.lines.push({ text: '', line });
      return;
    }
    if (value && lead > indent) {
      value.lines.push({ text: trimmed, line });
      return;
    }
    value = undefined;
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      section = sections.get(name) ?? new Map<string, IniValue>();
      sections.set(name, section);
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!section || pair?.[1] === undefined) return;
    indent = lead;
    value = { line, lines: [{ text: pair[2] ?? '', line }] };
    section.set(pair[1].toLowerCase(), value);
  });
  return sections;
}
