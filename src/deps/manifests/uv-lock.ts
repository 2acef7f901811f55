/**
 * uv.lock: every `[[package]]` is an exact version. The project and its
 * workspace members (source `editable` or `virtual`) are local code, not
 * dependencies, and are skipped; git, URL, path and directory sources are not
 * audited.
 *
 * Development-only: a package that only the members' `dev-dependencies`
 * groups reach, through the lock's dependency graph of (name, version) nodes, and that their
 * main and optional dependencies do not. When in doubt it is not dev.
 */
import type { ParsedManifest } from '../requirement.js';
import { normalizeName } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import type { LockEntry } from './lock-entries.js';
import { checkFields, describe, lockEntries } from './lock-entries.js';
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
  const entries = lockEntries(parsed.value, 'package', new TomlLines(text), path, out).filter((entry) => wellFormed(entry, path, out));
  // A graph with a broken edge cannot say what is development-only.
  if (out.errors.length > 0) return out;
  const devOnly = devOnlyNodes(entries);
  for (const { table, line } of entries) {
    const source = isTable(table.source) ? table.source : {};
    if (LOCAL.some((k) => source[k] !== undefined)) continue;
    const name = str(table.name) ?? '';
    const version = str(table.version);
    const place = { path, line, dev: devOnly.has(nodeKey(name, version)) };
    const external = NOT_AN_INDEX.find((k) => source[k] !== undefined);
    if (name === '') {
      out.errors.push({ path, line, message: `${path}: a package has no name` });
    } else if (external !== undefined) {
      out.requirements.push(requirementOf({ name, kind: 'url' }, `${name} @ ${String(source[external])}`, place));
    } else if (version === undefined) {
      // uv leaves the version out only for source trees with a dynamic version; an index package has one.
      out.errors.push({ path, line, message: `${path}: package ${name} has no version` });
    } else {
      out.requirements.push(requirementOf({ name, kind: 'pinned', version }, `${name}==${version}`, place));
    }
  }
  return out;
}

/** The types uv writes: what else is in an entry is not a lock uv reads, and would bend the dev graph. */
function wellFormed(entry: LockEntry, path: string, out: ParsedManifest): boolean {
  const what = `package ${str(entry.table.name) ?? '(unnamed)'}`;
  const fields = { name: 'string', version: 'string', source: 'table', dependencies: 'array' } as const;
  if (!checkFields(entry, fields, what, path, out)) return false;
  for (const key of ['optional-dependencies', 'dev-dependencies']) {
    const value = entry.table[key];
    if (value !== undefined && !(isTable(value) && Object.values(value).every(Array.isArray))) {
      out.errors.push({
        path,
        line: entry.line,
        message: `${path}: ${what} has ${key} = ${describe(value)}, which should be a table of arrays`,
      });
      return false;
    }
  }
  const lists = [
    entry.table.dependencies,
    ...['optional-dependencies', 'dev-dependencies'].flatMap((key) => (isTable(entry.table[key]) ? Object.values(entry.table[key]) : [])),
  ];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const dependency of list) {
      if (
        !isTable(dependency) ||
        typeof dependency.name !== 'string' ||
        (dependency.version !== undefined && typeof dependency.version !== 'string')
      ) {
        out.errors.push({
          path,
          line: entry.line,
          message: `${path}: ${what} has a dependency ${describe(dependency)}, which should be { name = "…" }`,
        });
        return false;
      }
    }
  }
  return true;
}

/** A node of the lock's graph: one version of a package (a lock may hold several versions of one name). */
function nodeKey(name: string, version: string | undefined): string {
  return `${normalizeName(name)}@${version ?? ''}`;
}

/** `{ name, version? }` references in `dependencies = [...]`, or in a table of such lists (`optional-dependencies`). */
function depRefs(value: unknown): { name: string; version: string | undefined }[] {
  const lists = Array.isArray(value) ? [value] : isTable(value) ? Object.values(value) : [];
  return lists.flatMap((list) =>
    Array.isArray(list)
      ? list.flatMap((d) => (isTable(d) && typeof d.name === 'string' ? [{ name: normalizeName(d.name), version: str(d.version) }] : []))
      : [],
  );
}

/**
 * The (name, version) nodes only dev edges reach. uv names a dependency's
 * version (`{ name, version }`) when the lock holds more than one of that
 * name; a reference without one means every version of the name.
 */
function devOnlyNodes(entries: LockEntry[]): Set<string> {
  const versions = new Map<string, string[]>();
  for (const { table } of entries) {
    const name = normalizeName(str(table.name) ?? '');
    const list = versions.get(name);
    if (list) list.push(nodeKey(name, str(table.version)));
    else versions.set(name, [nodeKey(name, str(table.version))]);
  }
  const targets = (refs: { name: string; version: string | undefined }[]): string[] =>
    refs.flatMap((ref) => (ref.version !== undefined ? [nodeKey(ref.name, ref.version)] : (versions.get(ref.name) ?? [])));
  const graph = new Map<string, string[]>();
  const members: Table[] = [];
  for (const { table } of entries) {
    const key = nodeKey(str(table.name) ?? '', str(table.version));
    const edges = targets([...depRefs(table.dependencies), ...depRefs(table['optional-dependencies'])]);
    const known = graph.get(key);
    if (known) known.push(...edges);
    else graph.set(key, edges);
    const source = isTable(table.source) ? table.source : {};
    if (LOCAL.some((k) => source[k] !== undefined)) members.push(table);
  }
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
      if (seen.has(key)) continue;
      seen.add(key);
      for (const next of graph.get(key) ?? []) stack.push(next);
    }
    return seen;
  };
  const main = reach(members.map((m) => nodeKey(str(m.name) ?? '', str(m.version))));
  const dev = reach(members.flatMap((m) => targets(depRefs(m['dev-dependencies']))));
  return new Set([...dev].filter((key) => !main.has(key)));
}
