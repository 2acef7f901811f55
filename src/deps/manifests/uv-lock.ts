/**
 * uv.lock: every `[[package]]` is an exact version. The project and its
 * workspace members (source `editable` or `virtual`) are local code, not
 * dependencies, and are skipped; git, URL, path and directory sources are not
 * audited.
 *
 * Development-only: a package that only the members' `dev-dependencies`
 * groups reach, through the lock's dependency graph (by name), and that their
 * main and optional dependencies do not. When in doubt it is not dev.
 */
import type { ParsedManifest } from '../requirement.js';
import { normalizeName } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import type { LockEntry } from './lock-entries.js';
import { lockEntries } from './lock-entries.js';
import type { Table } from './toml.js';
import { isTable, parseToml, str } from './toml.js';
import { TomlLines } from './toml-lines.js';

const LOCAL = ['editable', 'virtual'];
const NOT_AN_INDEX = ['git', 'url', 'path', 'directory'];

export function parseUvLock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  const entries = lockEntries(parsed.value, 'package', new TomlLines(text));
  const devOnly = devOnlyNames(entries);
  for (const { table, line } of entries) {
    const source = isTable(table.source) ? table.source : {};
    if (LOCAL.some((k) => source[k] !== undefined)) continue;
    const name = str(table.name) ?? '';
    const version = str(table.version);
    const place = { path, line, dev: devOnly.has(normalizeName(name)) };
    const external = NOT_AN_INDEX.find((k) => source[k] !== undefined);
    if (name === '') {
      out.requirements.push(requirementOf({ name: '(unnamed)', kind: 'invalid' }, `version ${version ?? '?'}`, place));
    } else if (external !== undefined) {
      out.requirements.push(requirementOf({ name, kind: 'url' }, `${name} @ ${String(source[external])}`, place));
    } else if (version === undefined) {
      out.requirements.push(requirementOf({ name, kind: 'invalid' }, name, place));
    } else {
      out.requirements.push(requirementOf({ name, kind: 'pinned', version }, `${name}==${version}`, place));
    }
  }
  return out;
}

/** Names in `{ name = … }` lists: `dependencies = [...]`, or a table of such lists (`optional-dependencies`). */
function depNames(value: unknown): string[] {
  const lists = Array.isArray(value) ? [value] : isTable(value) ? Object.values(value) : [];
  return lists.flatMap((list) =>
    Array.isArray(list) ? list.flatMap((d) => (isTable(d) && typeof d.name === 'string' ? [normalizeName(d.name)] : [])) : [],
  );
}

function devOnlyNames(entries: LockEntry[]): Set<string> {
  const graph = new Map<string, string[]>();
  const members: Table[] = [];
  for (const { table } of entries) {
    const name = normalizeName(str(table.name) ?? '');
    const edges = [...depNames(table.dependencies), ...depNames(table['optional-dependencies'])];
    graph.set(name, [...(graph.get(name) ?? []), ...edges]);
    const source = isTable(table.source) ? table.source : {};
    if (LOCAL.some((k) => source[k] !== undefined)) members.push(table);
  }
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(graph.get(name) ?? []));
    }
    return seen;
  };
  const memberNames = members.map((m) => normalizeName(str(m.name) ?? ''));
  const main = reach(memberNames);
  const dev = reach(members.flatMap((m) => depNames(m['dev-dependencies'])));
  return new Set([...dev].filter((name) => !main.has(name)));
}
