import { normalizeName } from '../requirement.js';
import type { OsvAffected, OsvRecord } from './types.js';
import { sourceEntries } from './source.js';

/** Bumped when the layout below changes, so an old index is rebuilt rather than misread. */
export const INDEX_FORMAT = 1;

/** A byte range of records.jsonl: [offset, length]. */
export type Span = [number, number];

/** index.json: what a hook reads first, so it can load only the packages it needs. */
export interface IndexMeta {
  format: number;
  /** The database it was built from. */
  source: string;
  /** The newest `modified` date in the data (ISO), i.e. how current the advisories are. */
  updated: string;
  /** Advisories that apply to PyPI and are not withdrawn. */
  advisories: number;
  withdrawn: number;
  /** Normalised package name → the records that name it. */
  packages: Record<string, Span[]>;
  /** Advisory id → its record. */
  ids: Record<string, Span>;
}

export interface BuiltIndex {
  meta: IndexMeta;
  /** The contents of records.jsonl. */
  records: Buffer;
}

/** Problems that make a database unusable: a security gate must not audit against half of one. */
export class DamagedDatabase extends Error {}

/** Keeps only what the audit and reports read: PyPI entries, ECOSYSTEM ranges, severities, links. */
function compact(record: OsvRecord, pypi: OsvAffected[]): OsvRecord {
  const summary = record.summary ?? record.details?.split('\n')[0]?.slice(0, 200);
  const out: OsvRecord = { id: record.id };
  if (record.modified) out.modified = record.modified;
  if (record.aliases?.length) out.aliases = record.aliases;
  if (summary) out.summary = summary;
  if (record.severity?.length) out.severity = record.severity;
  out.affected = pypi.map((entry) => {
    const kept: OsvAffected & { severity?: unknown } = { package: { ecosystem: 'PyPI', name: entry.package?.name ?? '' } };
    if (entry.versions?.length) kept.versions = entry.versions;
    const ranges = (entry.ranges ?? []).filter((range) => range.type === 'ECOSYSTEM');
    if (ranges.length) kept.ranges = ranges;
    const severity = (entry as { severity?: unknown }).severity;
    if (Array.isArray(severity) && severity.length) kept.severity = severity;
    return kept;
  });
  const references = (record.references ?? []).filter((ref) => typeof ref.url === 'string').slice(0, 10);
  if (references.length) out.references = references.map((ref) => ({ ...(ref.type ? { type: ref.type } : {}), url: ref.url }));
  const severityWord = record.database_specific?.severity;
  if (typeof severityWord === 'string') out.database_specific = { severity: severityWord };
  return out;
}

function isRecord(value: unknown): value is OsvRecord {
  return typeof value === 'object' && value !== null && typeof (value as OsvRecord).id === 'string';
}

/**
 * Reads a whole OSV export once and builds the compact index: one JSON line
 * per PyPI advisory and, per package name, where its lines are. A record that
 * is not JSON stops the build: a database with holes must not pass a hook.
 */
export async function buildIndex(source: string, isDirectory: boolean, readFrom: string = source): Promise<BuiltIndex> {
  const lines: Buffer[] = [];
  let offset = 0;
  const packages: Record<string, Span[]> = {};
  const ids: Record<string, Span> = {};
  let newest = 0;
  let advisories = 0;
  let withdrawn = 0;
  let documents = 0;

  for await (const entry of sourceEntries(readFrom, isDirectory)) {
    documents += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.text);
    } catch (error) {
      throw new DamagedDatabase(`${entry.name} is not valid JSON (${(error as Error).message})`);
    }
    if (!isRecord(parsed)) throw new DamagedDatabase(`${entry.name} is not an OSV record (no "id")`);
    if (parsed.withdrawn) {
      withdrawn += 1;
      continue;
    }
    const pypi = (parsed.affected ?? []).filter((affected) => affected.package?.ecosystem === 'PyPI' && typeof affected.package.name === 'string');
    if (pypi.length === 0) continue;

    const line = Buffer.from(`${JSON.stringify(compact(parsed, pypi))}\n`);
    const span: Span = [offset, line.length];
    lines.push(line);
    offset += line.length;
    advisories += 1;
    ids[parsed.id] = span;
    for (const name of new Set(pypi.map((affected) => normalizeName(affected.package?.name ?? '')))) {
      (packages[name] ??= []).push(span);
    }
    const modified = Date.parse(parsed.modified ?? '');
    if (Number.isFinite(modified) && modified > newest) newest = modified;
  }

  if (documents === 0) throw new DamagedDatabase('it holds no OSV JSON documents (is it an OSV all.zip or a folder of OSV JSON?)');
  if (advisories === 0 && withdrawn === 0) throw new DamagedDatabase('it holds no PyPI advisories');
  return {
    meta: { format: INDEX_FORMAT, source, updated: new Date(newest).toISOString(), advisories, withdrawn, packages, ids },
    records: Buffer.concat(lines),
  };
}
