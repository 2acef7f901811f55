/**
 * Pipfile.lock (JSON): `default` and `develop` (dev) map names to
 * `{ version: "==1.2.3", hashes, markers }`; git, path and file entries are not
 * audited, editable ones neither.
 */
import type { ParsedManifest } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import { parseJson, secondLevelKeyLines } from './json.js';
import { exactPin, parseSpecifiers } from './pep508.js';
import type { Classified } from './pep508.js';
import { lineFinder } from './text.js';
import { isTable, str } from './toml.js';
import { describe } from './lock-entries.js';

export function parsePipfileLock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseJson(text, path, (offset) => lineFinder(text)(offset));
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  if (!isTable(parsed.value)) {
    out.errors.push({ path, line: 1, message: `${path} should hold a JSON object` });
    return out;
  }
  const keyLines = secondLevelKeyLines(text);
  const find = lineFinder(text);
  const lineAt = (needle: string) => find(Math.max(0, text.indexOf(needle)));
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    const entries = parsed.value[section];
    if (entries === undefined) continue;
    if (!isTable(entries)) {
      out.errors.push({
        path,
        line: lineAt(`"${section}"`),
        message: `${path}: "${section}" should be an object of packages, not ${describe(entries)}`,
      });
      continue;
    }
    for (const [name, entry] of Object.entries(entries)) {
      const place = { path, line: keyLines.get(section)?.get(name) ?? 1, dev };
      const classified = classifyLocked(name, entry);
      if ('error' in classified) {
        out.errors.push({ path, line: place.line, message: `${path}: ${section} entry ${name} ${classified.error}` });
        continue;
      }
      const version = isTable(entry) ? str(entry.version) : undefined;
      out.requirements.push(requirementOf(classified, `${name}${version ?? ''}`, place));
    }
  }
  return out;
}

/**
 * What pipenv locks: an object per package, with `version = "==X"` unless it
 * comes from a VCS, a path or a file. Anything else (a string, no version, a
 * range) is no lock pipenv wrote or would install from: an error, not a guess.
 */
function classifyLocked(name: string, entry: unknown): Classified | { error: string } {
  if (!isTable(entry)) return { error: `is ${describe(entry)}, not an object` };
  if (entry.version !== undefined && typeof entry.version !== 'string')
    return { error: `has version ${describe(entry.version)}, not a string` };
  if (entry.editable === true) return { name, kind: 'editable' };
  if (['git', 'hg', 'svn', 'bzr', 'path', 'file'].some((k) => entry[k] !== undefined)) return { name, kind: 'url' };
  if (entry.version === undefined) return { error: 'has no version' };
  const specs = parseSpecifiers(entry.version);
  const version = specs && exactPin(specs);
  return version === undefined
    ? { error: `has version ${describe(entry.version)}, not an exact ==version` }
    : { name, kind: 'pinned', version };
}
