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

export function parsePipfileLock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseJson(text, path, lineFinder(text));
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  if (!isTable(parsed.value)) {
    out.errors.push({ path, line: 1, message: `${path} should hold a JSON object` });
    return out;
  }
  const keyLines = secondLevelKeyLines(text);
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    const entries = parsed.value[section];
    if (!isTable(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      const place = { path, line: keyLines.get(section)?.get(name) ?? 1, dev };
      const version = isTable(entry) ? str(entry.version) : undefined;
      out.requirements.push(requirementOf(classifyLocked(name, entry), `${name}${version ?? ''}`, place));
    }
  }
  return out;
}

function classifyLocked(name: string, entry: unknown): Classified {
  if (!isTable(entry)) return { name, kind: 'invalid' };
  if (entry.editable === true) return { name, kind: 'editable' };
  if (['git', 'hg', 'svn', 'bzr', 'path', 'file'].some((k) => entry[k] !== undefined)) return { name, kind: 'url' };
  const specs = parseSpecifiers(str(entry.version) ?? '');
  const version = specs && exactPin(specs);
  return version === undefined ? { name, kind: 'invalid' } : { name, kind: 'pinned', version };
}
