import { normalizeName } from '../requirement.js';
import { rangeTest } from './match.js';
import { isCvssEntry } from './severity.js';
import { REFERENCES_SHOWN, type OsvAffected, type OsvRecord, type OsvSeverity } from './types.js';

/** Bumped when the layout below changes, so an old index is rebuilt rather than misread. */
export const INDEX_FORMAT = 3;

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

type Scorer = (vector: string) => number | undefined;

/**
 * Severity entries with each CVSS vector's base score stored beside it, so
 * that a hook never loads the CVSS calculator. Entries are rebuilt, never
 * copied: a `base` in the source data is not trusted.
 */
function scored(entries: unknown, score: Scorer): OsvSeverity[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  const out = (entries as OsvSeverity[])
    .filter((entry) => typeof entry === 'object' && entry !== null && typeof entry.type === 'string' && typeof entry.score === 'string')
    .map(({ type, score: vector }) =>
      isCvssEntry({ type, score: vector }) ? { type, score: vector, base: score(vector) ?? null } : { type, score: vector },
    );
  return out.length > 0 ? out : undefined;
}

/**
 * The summary, or the details when there is none, whole: JSON and SARIF carry
 * the advisory's own text, and only the terminal report shortens it.
 */
function summaryOf(record: OsvRecord): string | undefined {
  if (record.summary) return record.summary;
  return record.details?.trim() || undefined;
}

/** Keeps only what the audit and reports read: PyPI entries, ECOSYSTEM ranges, severities, links. */
function compact(record: OsvRecord, pypi: OsvAffected[], score: Scorer): OsvRecord {
  const summary = summaryOf(record);
  const out: OsvRecord = { id: record.id };
  if (record.modified) out.modified = record.modified;
  if (record.aliases?.length) out.aliases = record.aliases;
  if (summary) out.summary = summary;
  const severity = scored(record.severity, score);
  if (severity) out.severity = severity;
  out.affected = pypi.map((entry) => {
    const kept: OsvAffected & { severity?: unknown } = { package: { ecosystem: 'PyPI', name: entry.package?.name ?? '' } };
    const ranges = (entry.ranges ?? []).filter((range) => range.type === 'ECOSYSTEM');
    if (ranges.length) kept.ranges = ranges;
    // OSV affects the listed versions united with the ranges: a listed version a range already
    // covers adds nothing. Dropping those (over 99% of them in PyPA's data) makes records a
    // fraction of their size, which is most of what a hook reads and parses.
    const tests = ranges.map(rangeTest);
    const versions = (entry.versions ?? []).filter((version) => typeof version === 'string' && !tests.some((test) => test(version)));
    if (versions.length) kept.versions = versions;
    const severity = scored((entry as { severity?: unknown }).severity, score);
    if (severity) kept.severity = severity;
    return kept;
  });
  // Reports show REFERENCES_SHOWN links per finding: more would only be read and thrown away.
  const references = (record.references ?? []).filter((ref) => typeof ref.url === 'string').slice(0, REFERENCES_SHOWN);
  if (references.length) out.references = references.map((ref) => ({ url: ref.url }));
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

  // Loaded here, not at the top: reading a built index (every hook) needs neither unzip nor CVSS code.
  const [{ sourceEntries }, { cvssBaseScore }] = await Promise.all([import('./source.js'), import('./cvss.js')]);
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
    const pypi = (parsed.affected ?? []).filter(
      (affected) => affected.package?.ecosystem === 'PyPI' && typeof affected.package.name === 'string',
    );
    if (pypi.length === 0) continue;

    const line = Buffer.from(`${JSON.stringify(compact(parsed, pypi, cvssBaseScore))}\n`);
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
