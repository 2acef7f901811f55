/**
 * pylock.toml (PEP 751): every `[[packages]]` entry with a version is exact;
 * `vcs`, `directory` and `archive` sources are not audited.
 *
 * Development-only: an entry whose marker holds only when a dependency group
 * is requested (every `or` branch requires `'<group>' in dependency_groups`),
 * since every dependency group is development-only (see pyproject.ts). Any
 * other marker is not evaluated and the entry is not dev.
 */
import type { ParsedManifest } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import { checkFields, lockEntries } from './lock-entries.js';
import { dig, parseToml, str } from './toml.js';
import { TomlLines } from './toml-lines.js';

export function parsePylock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  const lines = new TomlLines(text);
  // PEP 751 requires `packages`: a lock without it is not one.
  if (!Array.isArray(parsed.value.packages)) {
    out.errors.push({
      path,
      line: lines.scope(['packages']).line,
      message: `${path}: packages should be an array of tables ([[packages]])`,
    });
    return out;
  }
  for (const entry of lockEntries(parsed.value, 'packages', lines, path, out)) {
    const { table, line } = entry;
    const what = `package ${str(table.name) ?? '(unnamed)'}`;
    const fields = { name: 'string', version: 'string', marker: 'string', vcs: 'table', directory: 'table', archive: 'table' } as const;
    if (!checkFields(entry, fields, what, path, out)) continue;
    const name = str(table.name) ?? '';
    const version = str(table.version);
    const marker = str(table.marker);
    const place = { path, line, dev: marker !== undefined && requiresDependencyGroup(marker) };
    const source =
      str(dig(table, 'vcs', 'url')) ??
      str(dig(table, 'directory', 'path')) ??
      str(dig(table, 'archive', 'url')) ??
      str(dig(table, 'archive', 'path'));
    const external = table.vcs !== undefined || table.directory !== undefined || table.archive !== undefined;
    if (name === '') {
      out.errors.push({ path, line, message: `${path}: a package has no name` });
    } else if (external) {
      out.requirements.push(requirementOf({ name, kind: 'url' }, `${name} @ ${source ?? '(local)'}`, place));
    } else if (version === undefined) {
      // PEP 751: a package from an index (wheels, sdist) has its version.
      out.errors.push({ path, line, message: `${path}: ${what} has no version` });
    } else {
      out.requirements.push(requirementOf({ name, kind: 'pinned', version }, `${name}==${version}`, place));
    }
  }
  return out;
}

/** Whether a marker is false when no dependency group is requested: each top-level `or` branch needs one. */
export function requiresDependencyGroup(marker: string): boolean {
  // A group test inside parentheses may sit under an `or`; only a top-level `and` term surely applies.
  return splitTopLevel(marker, 'or').every((branch) =>
    splitTopLevel(branch, 'and').some((term) => /^\s*["'][^"']+["']\s+in\s+dependency_groups\s*$/.test(term)),
  );
}

/** `text` split at a boolean operator outside quotes and parentheses. */
function splitTopLevel(text: string, operator: 'and' | 'or'): string[] {
  const parts: string[] = [];
  const at = new RegExp(`^\\s${operator}\\s`);
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && at.test(text.slice(i, i + operator.length + 2))) {
      parts.push(text.slice(start, i));
      start = i + operator.length + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
